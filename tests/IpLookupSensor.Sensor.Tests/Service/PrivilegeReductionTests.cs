using IpLookupSensor.Sensor.Service;
using IpLookupSensor.Sensor.Service.Privileges;

namespace IpLookupSensor.Sensor.Tests.Service;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivilegeReductionTests
{
    [Fact]
    public void Needed_ByMode_AndForAPrometheusPortBelow1024()
    {
        Assert.Equal(
            "cap_dac_read_search,cap_net_raw,cap_sys_ptrace",
            Capabilities.Describe(PrivilegeReduction.Needed(new SensorOptions()))
        );
        Assert.Equal(
            "cap_dac_read_search,cap_net_raw",
            Capabilities.Describe(PrivilegeReduction.Needed(new SensorOptions { Mode = "gateway" }))
        );

        var options = new SensorOptions { Mode = "gateway" };
        options.Metrics.Prometheus = "127.0.0.1:443";
        Assert.Equal(
            "cap_dac_read_search,cap_net_bind_service,cap_net_raw",
            Capabilities.Describe(PrivilegeReduction.Needed(options))
        );
        options.Metrics.Prometheus = "127.0.0.1:9464";
        Assert.DoesNotContain(
            "cap_net_bind_service",
            Capabilities.Describe(PrivilegeReduction.Needed(options)),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void FromStatus_ReadsTheHexSets()
    {
        const string Status =
            "Name:\tdotnet\nCapInh:\t0000000000000000\nCapEff:\t0000000000083004\nCapBnd:\t000001ffffffffff\n";
        Assert.Equal(0x83004UL, Capabilities.FromStatus(Status, "CapEff"));
        Assert.Equal(0UL, Capabilities.FromStatus(Status, "CapInh"));
        Assert.Null(Capabilities.FromStatus(Status, "CapAmb"));
        Assert.Equal("none", Capabilities.Describe(0));
        Assert.StartsWith(
            "cap_chown,cap_dac_override,",
            Capabilities.Describe(0x1ffffffffff),
            StringComparison.Ordinal
        );
    }
}
