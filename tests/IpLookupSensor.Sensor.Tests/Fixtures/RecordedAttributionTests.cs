using System.Text.Json;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Fixtures;

/// <summary>
/// The recorded pair (pcaps/recorded-linux-lookups.*, made by pcaps/make-recorded-pair.sh) replays to the alerts
/// the live run raised: process rules can be tested from pcaps.
/// </summary>
public sealed class RecordedAttributionTests
{
    private static readonly string s_capture = Path.Combine(Repository.Pcaps, "recorded-linux-lookups.pcapng");
    private static readonly string s_record = Path.Combine(
        Repository.Pcaps,
        "recorded-linux-lookups.attribution.ndjson"
    );
    private static readonly string s_rules = Path.Combine(Repository.Root, "rules", "linux");

    [Fact]
    public void Replay_WithTheRecord_RaisesTheLinuxRulesAlerts()
    {
        string[] who =
        [
            .. ReplayedAlerts(s_capture, s_record)
                .Select(a =>
                    $"{a.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()} "
                    + $"{a.GetProperty("network").GetProperty("transport").GetString()} "
                    + $"{a.GetProperty("process").GetProperty("name").GetString()} "
                    + $"{a.GetProperty("user").GetProperty("name").GetString()}"
                ),
        ];
        Assert.Equal(
            [
                "api.ipify.org udp dig root",
                "icanhazip.com udp python3.11 nobody",
                "checkip.amazonaws.com tcp dig root",
                "ifconfig.me udp curl root",
                "ifconfig.me udp curl root",
            ],
            who
        );
    }

    [Fact]
    public void Replay_TheResolverPair_NamesTheProcessesBehindTheResolvers_OnceEach()
    {
        string[] who =
        [
            .. ReplayedAlerts(
                    Path.Combine(Repository.Pcaps, "recorded-linux-resolver.pcapng"),
                    Path.Combine(Repository.Pcaps, "recorded-linux-resolver.attribution.ndjson")
                )
                .Select(a =>
                    $"{a.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()} "
                    + $"{a.GetProperty("process").GetProperty("name").GetString()} "
                    + $"{a.GetProperty("user").GetProperty("name").GetString()} "
                    + $"{a.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString()}"
                ),
        ];
        // dig and python asked the stub on 127.0.0.53 (its upstream copies raise nothing); fetch-ip asked a resolver
        // over a Unix socket and was named by its connection to the answer.
        Assert.Equal(
            [
                "api.ipify.org dig root direct",
                "icanhazip.com python3.11 nobody direct",
                "ifconfig.me fetch-ip root via_resolver",
            ],
            who
        );
    }

    [Fact]
    public void Replay_WithoutTheRecord_ProcessRulesCannotFire() =>
        Assert.Empty(Replay.Run(s_capture, "--rules", s_rules).Lines);

    [Fact]
    public void Replay_ARecordWithADomain_ShowsItAsUserDomain()
    {
        // Windows records carry the account's domain; the Linux pair gets one added here.
        string withDomain = Path.Combine(Directory.CreateTempSubdirectory("ipls-record-").FullName, "domain.ndjson");
        File.WriteAllLines(
            withDomain,
            File.ReadLines(s_record).Select(l => l.TrimEnd()[..^1] + ",\"user_domain\":\"EXAMPLE\"}")
        );

        Replay.Result result = Replay.Run(s_capture, "--rules", s_rules, "--attribution", withDomain);

        Assert.Equal(5, result.Lines.Length);
        Assert.All(
            result.Lines,
            l =>
                Assert.Equal(
                    "EXAMPLE",
                    JsonDocument.Parse(l).RootElement.GetProperty("user").GetProperty("domain").GetString()
                )
        );
    }

    [Fact]
    public void Replay_RulesCanTestProcessArgsAndEntityId()
    {
        string folder = Directory.CreateTempSubdirectory("ipls-rule-").FullName;
        string rule = File.ReadAllText(Directory.GetFiles(s_rules, "*.toml").Single())
            .Replace(
                "event.action == \"lookup_requested\"",
                "event.action == \"lookup_requested\" and process.args : \"+tcp\" and process.entity_id != null",
                StringComparison.Ordinal
            );
        File.WriteAllText(Path.Combine(folder, "tcp-dig.toml"), rule);

        string[] alerts = Replay.Run(s_capture, "--rules", folder, "--attribution", s_record).Lines;

        JsonElement alert = JsonDocument.Parse(Assert.Single(alerts)).RootElement;
        Assert.Equal(
            "checkip.amazonaws.com",
            alert.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()
        );
    }

    [Fact]
    public void Replay_BadRecord_IsAUsageErrorNamingTheLine()
    {
        string bad = Path.Combine(Directory.CreateTempSubdirectory("ipls-record-").FullName, "bad.ndjson");
        File.WriteAllLines(bad, [File.ReadLines(s_record).First(), "{not json"]);
        UsageException error = Assert.Throws<UsageException>(() => Replay.Run(s_capture, "--attribution", bad));
        Assert.StartsWith($"--attribution {bad}:2: not an attribution record", error.Message, StringComparison.Ordinal);
    }

    // The alerts a recorded pair replays to with the Linux rule, which must be those it replayed to when recorded.
    private static JsonElement[] ReplayedAlerts(string capture, string record)
    {
        Replay.Result result = Replay.Run(capture, "--rules", s_rules, "--attribution", record);
        string expected = capture + ".expected-alerts.ndjson";
        if (Repository.UpdateFixtures)
        {
            File.WriteAllText(expected, result.Stdout);
        }

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(File.ReadAllLines(expected), result.Lines);
        return [.. result.Lines.Select(l => JsonDocument.Parse(l).RootElement)];
    }
}
