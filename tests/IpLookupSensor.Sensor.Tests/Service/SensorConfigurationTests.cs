using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Service;

namespace IpLookupSensor.Sensor.Tests.Service;

public sealed class SensorConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Load_NoFileNoVariables_TheEmbeddedDefaults()
    {
        SensorOptions options = Load([], new Dictionary<string, string>());

        Assert.Equal(
            ("host", "udp port 53 or tcp port 53", (int?)null, 300, 10, "100M"),
            (
                options.Mode,
                options.Filter,
                options.HistoryPollMilliseconds,
                options.Metrics.SummaryIntervalSeconds,
                options.DrainTimeoutSeconds,
                options.Spool.Quota
            )
        );
        Assert.Empty(options.Interfaces);
        Assert.Empty(options.Syslog);
        Assert.Null(options.Rules);
    }

    [Fact]
    public void Load_EachSourceOverridesTheOneBefore()
    {
        File.WriteAllText(
            Defaults,
            """
            {
              "Filter": "port 53", "Mode": "gateway", "Rules": "/from/defaults", "DrainTimeoutSeconds": 3,
              "Syslog": ["tcp://a", "tcp://b"]
            }
            """
        );
        string config = Write(
            "config.json",
            """{ "Rules": "/from/config", "DrainTimeoutSeconds": 4, "Metrics": { "SummaryIntervalSeconds": 60 } }"""
        );
        var environment = new Dictionary<string, string>
        {
            ["IPLOOKUP_DrainTimeoutSeconds"] = "5",
            ["IPLOOKUP_Metrics__SummaryIntervalSeconds"] = "30",
            ["OTHER_Mode"] = "x",
        };

        SensorOptions options = Load(["--config", config], environment);
        Assert.Equal(
            ("port 53", "gateway", "/from/config", 5, 30),
            (
                options.Filter,
                options.Mode,
                options.Rules,
                options.DrainTimeoutSeconds,
                options.Metrics.SummaryIntervalSeconds
            )
        );
        Assert.Equal(["tcp://a", "tcp://b"], options.Syslog);

        SensorOptions overridden = Load(
            ["--config", config, "--drain-timeout", "6", "--syslog", "tcp://c", "--mode", "host"],
            environment
        );
        Assert.Equal((6, "host"), (overridden.DrainTimeoutSeconds, overridden.Mode));
        Assert.Equal(["tcp://c"], overridden.Syslog); // a list on the command line replaces the configured one whole
    }

    [Theory]
    [InlineData("""{ "Colour": "red" }""", "'Colour'")]
    [InlineData("""{ "Spool": { "Qouta": "1G" } }""", "'Qouta'")]
    [InlineData("""{ "Mode": "router" }""", "--mode router (Mode): use host or gateway")]
    [InlineData(
        """{ "HistoryPollMilliseconds": 5000 }""",
        "--history-poll 5000 (HistoryPollMilliseconds): give milliseconds from 0 (off) to 1000"
    )]
    [InlineData("""{ "Spool": { "Path": "/tmp/s" } }""", "--spool and --spool-quota (Spool) need --syslog (Syslog)")]
    [InlineData("""{ "Mode": """, "not valid JSON")]
    [InlineData(
        """{ "Limits": { "TcpMaxBytesPerFlow": 1000 } }""",
        "Limits:TcpMaxBytesPerFlow 1000: give bytes from 65537"
    )]
    [InlineData("""{ "Limits": { "SnapLength": 100 } }""", "Limits:SnapLength 100: give 0 (by mode) or bytes from 512")]
    public void Load_BadConfigurationFile_IsRefusedWithWhatToFix(string json, string expected)
    {
        string config = Write("bad.json", json);
        UsageException error = Assert.Throws<UsageException>(() =>
            Load(["--config", config], new Dictionary<string, string>())
        );
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Limits_ReachTheReassemblerAndTheQueue()
    {
        string config = Write(
            "limits.json",
            """
            { "Limits": { "TcpMaxFlows": 50, "TcpMaxTotalMegabytes": 2, "TcpIdleTimeoutSeconds": 5, "AttributionQueueCapacity": 16 } }
            """
        );
        SensorOptions options = Load(
            ["--config", config],
            new Dictionary<string, string> { ["IPLOOKUP_Limits__CaptureBufferMegabytes"] = "64" }
        );

        Assert.Equal(
            (50, 2L << 20, TimeSpan.FromSeconds(5)),
            (
                options.Limits.TcpReassembly.MaxFlows,
                options.Limits.TcpReassembly.MaxTotalBytes,
                options.Limits.TcpReassembly.IdleTimeout
            )
        );
        Assert.Equal(
            (16, 64, 0),
            (options.Limits.AttributionQueueCapacity, options.Limits.CaptureBufferMegabytes, options.Limits.SnapLength)
        );
    }

    [Fact]
    public void Load_MissingConfigurationFile_SaysSo()
    {
        UsageException error = Assert.Throws<UsageException>(() =>
            Load(["--config", "/nonexistent/iplookup.json"], new Dictionary<string, string>())
        );
        Assert.Equal(
            "--config /nonexistent/iplookup.json: no such file; give the path of a JSON configuration file",
            error.Message
        );
    }

    private string Defaults => Path.Combine(_folder, "appsettings.json");

    private SensorOptions Load(string[] args, Dictionary<string, string> environment) =>
        SensorConfiguration.Load(
            new ArgumentReader("run", args, SensorConfiguration.ValueOptions, SensorConfiguration.Flags),
            Defaults,
            environment
        );

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
