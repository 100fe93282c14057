using System.Text.Json;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.EndToEnd;

/// <summary>
/// The whole product as an operator runs it, inside a private network namespace: a DNS server that answers the
/// IP-lookup names (holding answers 50 ms, as an upstream would), the rsyslog collector, <c>iplookup-sensor run</c>
/// on the namespace's loopback with the shipped Linux rule and a syslog destination, and real clients as root and
/// as nobody. Each lookup of a listed name must reach the collector naming its process and user; unlisted names
/// and excluded executables must not; the stop must leave nothing in the spool.
/// </summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _spool = Directory.CreateTempSubdirectory("ipls-e2e-spool-").FullName;

    // A browser path the Linux rule excludes ("/usr/bin/firefox*"): a copy of dig, removed after the test.
    private readonly string _browser = $"/usr/bin/firefox-ipls-test-{Guid.NewGuid().ToString("N")[..8]}";

    public void Dispose()
    {
        File.Delete(_browser);
        Directory.Delete(_spool, recursive: true);
    }

    [Fact]
    public void Run_WithTheShippedRule_DeliversOneAlertPerListedLookupToTheCollector()
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer("--delay-ms", "50");
        using var collector = new Collector(ns);
        using BackgroundProcess sensor = ns.StartSensor(
            "--syslog",
            $"tcp://127.0.0.1:{collector.TcpPort}",
            "--spool",
            _spool
        );
        File.Copy("/usr/bin/dig", _browser);
        string python = ExternalTool.Run("readlink", ["-f", "/usr/bin/python3"]).Stdout.Trim();

        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "api.ipify.org").ExitCode);
        Assert.Equal(
            0,
            ns.Run(
                "/usr/bin/python3",
                "-c",
                "import socket; socket.getaddrinfo('icanhazip.com', 443, socket.AF_INET)"
            ).ExitCode
        );
        // the name resolves; the connection is refused
        ns.Run("curl", "--silent", "--max-time", "2", "http://ifconfig.me/");
        Assert.Equal(0, ns.RunAsNobody("dig", "+tries=1", "+time=2", "@127.0.0.1", "checkip.amazonaws.com").ExitCode);
        ns.RunAsNobody("curl", "--silent", "--max-time", "2", "http://wtfismyip.com/");
        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "www.example.com").ExitCode); // not listed
        // excluded executable
        Assert.Equal(0, ns.Run(_browser, "+tries=1", "+time=2", "@127.0.0.1", "ipinfo.io").ExitCode);

        List<JsonElement> records = collector.WaitForRecords("tcp", 7);
        int exitCode = sensor.Terminate(TimeSpan.FromSeconds(20));

        Dictionary<string, List<Dictionary<string, string>>> alerts = records
            .Select(r =>
                r.GetProperty("sd")
                    .GetProperty("alert@32473")
                    .EnumerateObject()
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!)
            )
            .GroupBy(sd => sd["question"])
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(
            ["api.ipify.org", "checkip.amazonaws.com", "icanhazip.com", "ifconfig.me", "wtfismyip.com"],
            alerts.Keys.Order(StringComparer.Ordinal)
        );
        AssertOnly(alerts["api.ipify.org"], "dig", "/usr/bin/dig", "0", "root", count: 1);
        AssertOnly(alerts["icanhazip.com"], Path.GetFileName(python), python, "0", "root", count: 1);
        AssertOnly(alerts["ifconfig.me"], "curl", "/usr/bin/curl", "0", "root", count: 2); // curl asks for A and AAAA
        AssertOnly(alerts["checkip.amazonaws.com"], "dig", "/usr/bin/dig", "65534", "nobody", count: 1);
        AssertOnly(alerts["wtfismyip.com"], "curl", "/usr/bin/curl", "65534", "nobody", count: 2);

        string stderr = string.Join('\n', sensor.Stderr);
        Assert.Equal(0, exitCode);
        Assert.Contains("kernel drops 0", stderr, StringComparison.Ordinal);
        Assert.Contains(
            $"syslog tcp://127.0.0.1:{collector.TcpPort}: queued 7, sent 7, failed 0, retried 0, dropped 0, spool 0 "
                + $"bytes (0 unsent)",
            stderr,
            StringComparison.Ordinal
        );
    }

    private static void AssertOnly(
        List<Dictionary<string, string>> alerts,
        string process,
        string executable,
        string userId,
        string userName,
        int count
    )
    {
        Assert.Equal(count, alerts.Count);
        Assert.All(
            alerts,
            sd =>
                Assert.Equal(
                    (process, executable, userId, userName),
                    (sd["process"], sd["executable"], sd["userId"], sd["userName"])
                )
        );
    }
}
