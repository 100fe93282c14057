using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Service;

/// <summary><c>run</c> refuses each kind of bad setting before it starts: exit code 2 and a line that says what to fix.</summary>
public sealed class StartValidationTests : IDisposable
{
    private static readonly string s_sensor = typeof(ExitCodes).Assembly.Location;
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-start-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string[], string> BadSettings() => new()
    {
        { ["--interface", "nosuch0"], "--interface nosuch0: no such interface; available: " },
        { ["--rules", "/nonexistent/rules"], "--rules /nonexistent/rules: no such file or folder" },
        { ["--syslog", "tcp://127.0.0.1?format=xml"], "--syslog tcp://127.0.0.1?format=xml: format=xml: use rfc5424, rfc3164, cef, leef or json" },
        { ["--syslog", "tls://127.0.0.1?ca=/nonexistent/ca.pem"], "cannot read ca=/nonexistent/ca.pem" },
        { ["--syslog", "tcp://127.0.0.1:1", "--spool", "/proc/no-spool"], "--spool /proc/no-spool: " },
        { ["--prometheus", "0.0.0.0:9464"], "--prometheus 0.0.0.0:9464 (Metrics:Prometheus): give a loopback ADDRESS:PORT" },
        { ["--history-poll", "soon"], "--history-poll soon: give a whole number" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Run_BadSetting_Exits2WithWhatToFix(string[] options, string expected)
    {
        ExternalTool.Output result = Run([.. options, "--interface", "lo"]);

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains(expected, result.Stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_EveryRuleRefused_Exits2_AfterAWarningPerRule()
    {
        TestRules.Write(_folder, "broken.toml", "broken", "network where dns.question.nmae == \"x\"");

        ExternalTool.Output result = Run(["--rules", _folder, "--interface", "lo"]);

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        string[] lines = result.Stderr.Trim().Split('\n');
        Assert.Contains("warning: rule refused: " + Path.Combine(_folder, "broken.toml"), lines[0], StringComparison.Ordinal);
        Assert.Equal($"iplookup-sensor: --rules {_folder}: every rule was refused (see the warnings above)", lines[^1]);
    }

    [Fact]
    public void Run_EnvironmentVariable_IsASetting()
    {
        ExternalTool.Output result = Run(["--interface", "lo"], ("IPLOOKUP_Mode", "router"));

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Equal("iplookup-sensor: --mode router (Mode): use host or gateway", result.Stderr.Trim());
    }

    private static ExternalTool.Output Run(string[] args, params (string Name, string Value)[] environment) =>
        ExternalTool.Run("env", [.. environment.Select(v => $"{v.Name}={v.Value}"), "dotnet", s_sensor, "run", .. args], TimeSpan.FromSeconds(60));
}
