using IpLookupSensor.Sensor.Service.Privileges;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Live;

/// <summary>
/// <c>run</c> started as root keeps only the capabilities its mode needs, on every thread (capabilities are per
/// thread, so each is read), and once capture is open every thread is under the raw-socket lock; it still works:
/// the other live tests capture and attribute other users' processes under these.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LivePrivilegeTests
{
    [Theory]
    [InlineData("host", "cap_dac_read_search,cap_net_raw,cap_sys_ptrace")]
    [InlineData("gateway", "cap_dac_read_search,cap_net_raw")]
    public void Run_AsRoot_KeepsOnlyWhatItsModeNeeds_OnEveryThread(string mode, string expected)
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess sensor = ns.StartSensor("--mode", mode); // ip netns exec runs it in place: same pid

        string line = $"capabilities: {expected} (every other one was given up at start)";
        Assert.True(
            sensor.WaitFor(
                () => sensor.Stderr.Any(l => l.EndsWith(line, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10)
            ),
            string.Join('\n', sensor.Stderr)
        );
        string[] threads = Directory.GetDirectories($"/proc/{sensor.Id}/task");
        Assert.True(threads.Length > 5, $"{threads.Length} threads"); // the runtime's own, not only ours
        foreach (string thread in threads)
        {
            string status = File.ReadAllText(Path.Combine(thread, "status"));
            Assert.Equal(expected, Capabilities.Describe(Capabilities.FromStatus(status, "CapEff")!.Value));
            Assert.Equal(expected, Capabilities.Describe(Capabilities.FromStatus(status, "CapPrm")!.Value));
            // none can come back
            Assert.Equal(expected, Capabilities.Describe(Capabilities.FromStatus(status, "CapBnd")!.Value));
            Assert.Equal(
                (0UL, 0UL),
                (Capabilities.FromStatus(status, "CapInh"), Capabilities.FromStatus(status, "CapAmb"))
            );
            // the raw-socket lock, on every thread
            Assert.Contains("\nSeccomp:\t2\n", status, StringComparison.Ordinal);
            Assert.Contains("\nNoNewPrivs:\t1\n", status, StringComparison.Ordinal);
        }

        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(10)));
    }
}
