using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Service;

/// <summary>
/// <c>run</c> refuses each kind of bad setting before it starts: exit code 2 and a line that says what to fix.
/// </summary>
public sealed class StartValidationTests : IDisposable
{
    private static readonly string s_sensor = typeof(ExitCodes).Assembly.Location;
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-start-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string[], string> BadSettings() =>
        new()
        {
            { ["--interface", "nosuch0"], "--interface nosuch0: no such interface; available: " },
            { ["--rules", "/nonexistent/rules"], "--rules /nonexistent/rules: no such file or folder" },
            {
                ["--syslog", "tcp://127.0.0.1?format=xml"],
                "--syslog tcp://127.0.0.1?format=xml: format=xml: use rfc5424, rfc3164, cef, leef or json"
            },
            { ["--syslog", "tls://127.0.0.1?ca=/nonexistent/ca.pem"], "cannot read ca=/nonexistent/ca.pem" },
            { ["--syslog", "tcp://127.0.0.1:1", "--spool", "/proc/no-spool"], "--spool /proc/no-spool: " },
            {
                ["--prometheus", "0.0.0.0:9464"],
                "--prometheus 0.0.0.0:9464 (Metrics:Prometheus): give a loopback ADDRESS:PORT"
            },
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
        Assert.Contains(
            "warning: rule refused: " + Path.Combine(_folder, "broken.toml"),
            lines[0],
            StringComparison.Ordinal
        );
        Assert.Equal($"iplookup-sensor: --rules {_folder}: every rule was refused (see the warnings above)", lines[^1]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Run_RulesOrConfigurationAnyoneCanChange_AreRefused()
    {
        string rules = Directory.CreateDirectory(Path.Combine(_folder, "rules")).FullName;
        string rule = TestRules.ForName(rules, "one.toml", "api.ipify.org");
        string config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, "{}");

        File.SetUnixFileMode(rules, (UnixFileMode)0b111_111_111);
        ExternalTool.Output folder = Run(["--rules", rules, "--interface", "lo"]);
        File.SetUnixFileMode(rules, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(rule, (UnixFileMode)0b110_110_110);
        ExternalTool.Output file = Run(["--rules", rules, "--interface", "lo"]);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_110_110);
        ExternalTool.Output settings = Run(["--config", config, "--interface", "lo"]);

        Assert.Equal((2, 2, 2), (folder.ExitCode, file.ExitCode, settings.ExitCode));
        Assert.Contains(
            $"--rules {rules}: {rules} can be changed by every user (mode 0777), so anyone could change what the "
                + $"sensor does; chmod o-w {rules}",
            folder.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"--rules {rules}: {rule} can be changed by every user (mode 0666)",
            file.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains(
            $"--config {config}: {config} can be changed by every user (mode 0666)",
            settings.Stderr,
            StringComparison.Ordinal
        );
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Run_PrivateKeyAnyoneCanRead_IsRefused()
    {
        string key = Path.Combine(_folder, "client-key.pem");
        File.WriteAllText(key, "not really a key");
        File.SetUnixFileMode(key, (UnixFileMode)0b110_100_100);
        string uri = $"tls://127.0.0.1:6514?cert={key}&key={key}";

        ExternalTool.Output result = Run(["--syslog", uri, "--spool", _folder, "--interface", "lo"]);

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Equal(
            $"iplookup-sensor: --syslog {uri}: {key} holds a private key and every user can read it (mode 0644); "
                + $"chmod o-r {key}",
            result.Stderr.Trim()
        );
    }

    [Fact]
    public void Run_EnvironmentVariable_IsASetting()
    {
        ExternalTool.Output result = Run(["--interface", "lo"], ("IPLOOKUP_Mode", "router"));

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Equal("iplookup-sensor: --mode router (Mode): use host or gateway", result.Stderr.Trim());
    }

    private static ExternalTool.Output Run(string[] args, params (string Name, string Value)[] environment) =>
        ExternalTool.Run(
            "env",
            [.. environment.Select(v => $"{v.Name}={v.Value}"), "dotnet", s_sensor, "run", .. args],
            TimeSpan.FromSeconds(60)
        );
}
