using System.Text.Json;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Service;

/// <summary>
/// <c>run</c> as a service in a private namespace: a partly broken rule folder, rules changed while it captures
/// (a good change applies, a broken one keeps the previous rules), the Prometheus endpoint and the periodic
/// summary; every query is seen throughout.
/// </summary>
public sealed class LiveServiceTests : IDisposable
{
    private readonly string _rules = Directory.CreateTempSubdirectory("ipls-reload-").FullName;

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    [Fact]
    public void Run_RulesChangeWhileCapturing_AppliedWithoutLosingAPacket()
    {
        string good = TestRules.ForName(_rules, "good.toml", "api.ipify.org");
        string broken = TestRules.Write(_rules, "broken.toml", "broken", "network where dns.question.nmae == \"x\"");
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer();
        using BackgroundProcess sensor = ns.StartSensor(
            "--rules",
            _rules,
            "--events",
            "--prometheus",
            "127.0.0.1:9464",
            "--summary-interval",
            "1"
        );
        Assert.Contains(sensor.Stderr, l => l.Contains($"warning: rule refused: {broken}", StringComparison.Ordinal));
        Assert.Contains(sensor.Stderr, l => l.Contains($"1 rules from {_rules}", StringComparison.Ordinal));

        Dig(ns, "foo.example"); // no rule for it yet
        TestRules.ForName(_rules, "foo.toml", "foo.example");
        Assert.True(WaitForLog(sensor, "rules reloaded: 2 rules"), string.Join('\n', sensor.Stderr));
        Dig(ns, "foo.example");

        File.WriteAllText(good, "[rule\nthis is not TOML");
        File.WriteAllText(Path.Combine(_rules, "foo.toml"), "query = 'nothing'");
        Assert.True(WaitForLog(sensor, "rules not reloaded, the previous 2 stay"), string.Join('\n', sensor.Stderr));
        Dig(ns, "api.ipify.org"); // the previous rules still alert

        Assert.True(
            sensor.WaitFor(() => Alerts(sensor).Count >= 2, TimeSpan.FromSeconds(10)),
            string.Join('\n', sensor.Stdout)
        );
        string metrics = ns.Run("curl", "--silent", "--max-time", "5", "http://127.0.0.1:9464/metrics").Stdout;
        Assert.True(WaitForLog(sensor, "last 1 s: "));
        int exitCode = sensor.Terminate(TimeSpan.FromSeconds(20));

        Assert.Equal(0, exitCode);
        Assert.Equal(["foo.example", "api.ipify.org"], Alerts(sensor));
        // none lost
        Assert.Equal(3, Events(sensor).Count(e => e.GetProperty("dns").GetProperty("type").GetString() == "query"));
        Assert.Contains("iplookup_alerts_total 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE iplookup_packets_total counter", metrics, StringComparison.Ordinal);
        Assert.Contains("iplookup_parse_failures_total{reason=\"dns_truncated\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("iplookup_resolver_lookups_total{outcome=\"forwarded\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("iplookup_resolver_lookups_held 0", metrics, StringComparison.Ordinal);
        Assert.Contains("iplookup_dns_client_dropped_total 0", metrics, StringComparison.Ordinal);
        Assert.Contains("kernel drops 0", string.Join('\n', sensor.Stderr), StringComparison.Ordinal);
    }

    private static void Dig(NetworkNamespace ns, string name) =>
        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", name).ExitCode);

    private static bool WaitForLog(BackgroundProcess sensor, string text) =>
        sensor.WaitFor(
            () => sensor.Stderr.Any(l => l.Contains(text, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20)
        );

    private static List<JsonElement> Events(BackgroundProcess sensor) =>
        [
            .. sensor
                .Stdout.Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("event").GetProperty("kind").GetString() == "event"),
        ];

    private static List<string> Alerts(BackgroundProcess sensor) =>
        [
            .. sensor
                .Stdout.Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("event").GetProperty("kind").GetString() == "alert")
                .Select(e => e.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()!),
        ];
}
