using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Live;

/// <summary>
/// <c>run</c> with real libpcap on the loopback interface of a private network namespace, while real clients
/// (dig over UDP, TCP and IPv6, python's resolver through libc) query a real DNS server there.
/// </summary>
public sealed class LiveCaptureTests
{
    private static readonly string s_sensor = typeof(ExitCodes).Assembly.Location;

    [Fact]
    public void Run_OnNamespaceLoopback_ReportsEachClientsQueryAndStopsCleanlyOnSigterm()
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer("--bind", "::1");

        using BackgroundProcess sensor = ns.StartSensor("--events");
        Assert.Contains(
            sensor.Stderr,
            l =>
                l.Contains(
                    "1 rules from " + Path.Combine(Path.GetDirectoryName(s_sensor)!, "rules", "linux"),
                    StringComparison.Ordinal
                )
        );

        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "api.ipify.org").ExitCode);
        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "+tcp", "@127.0.0.1", "checkip.amazonaws.com").ExitCode);
        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@::1", "AAAA", "icanhazip.com").ExitCode);
        Assert.Equal(
            0,
            ns.Run("python3", "-c", "import socket; socket.getaddrinfo('ipinfo.io', 443, socket.AF_INET)").ExitCode
        );

        string[] expected = ["api.ipify.org", "checkip.amazonaws.com", "icanhazip.com", "ipinfo.io"];
        bool allSeen = sensor.WaitFor(
            () => expected.All(name => QueriesSeen(sensor).ContainsKey(name)),
            TimeSpan.FromSeconds(10)
        );
        int exitCode = sensor.Terminate(TimeSpan.FromSeconds(10));

        Dictionary<string, JsonElement> queries = QueriesSeen(sensor);
        Assert.True(allSeen, "seen: " + string.Join(", ", queries.Keys));
        Assert.Equal(0, exitCode);
        Assert.Equal(
            "tcp",
            queries["checkip.amazonaws.com"].GetProperty("network").GetProperty("transport").GetString()
        );
        Assert.Equal("ipv6", queries["icanhazip.com"].GetProperty("network").GetProperty("type").GetString());
        Assert.Equal(53, queries["api.ipify.org"].GetProperty("destination").GetProperty("port").GetInt32());
        string summary = string.Join('\n', sensor.Stderr);
        Assert.Contains("kernel drops 0", summary, StringComparison.Ordinal);
        Assert.Contains("skipped: none", summary, StringComparison.Ordinal);
        // The self-check at start named its own UDP and TCP sockets.
        Assert.DoesNotContain("could not name this process's own test socket", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhileTheSensorIsFrozen_WhatTheKernelDropsIsCountedAndWhatItKeptIsReported()
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess sensor = ns.StartSensor();

        // The kernel's ring fills while the sensor cannot read it (SIGSTOP): what does not fit is dropped, and counted.
        Assert.Equal(
            0,
            ExternalTool
                .Run("kill", ["-STOP", sensor.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5))
                .ExitCode
        );
        const string Flood = """
            import socket
            sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); sink.bind(("127.0.0.1", 53))
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect(("127.0.0.1", 53))
            query = bytes.fromhex("123401000001000000000000") + b"\x03www\x07example\x03com\x00\x00\x01\x00\x01"
            for _ in range(30000): s.send(query)
            """;
        ExternalTool.Output flood = ns.Run("python3", "-c", Flood);
        Assert.Equal(
            0,
            ExternalTool
                .Run("kill", ["-CONT", sensor.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5))
                .ExitCode
        );
        Assert.Equal(0, flood.ExitCode);
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(10)));

        string summary = string.Join('\n', sensor.Stderr);
        Match counts = Regex.Match(
            summary,
            @"lo: (?<seen>\d+) packets.*kernel drops (?<drops>\d+)",
            RegexOptions.Singleline
        );
        Assert.True(counts.Success, summary);
        long seen = long.Parse(counts.Groups["seen"].Value, CultureInfo.InvariantCulture);
        long drops = long.Parse(counts.Groups["drops"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(seen, 1, 29_999);

        // All the ring held is reported, even though the stop came before the sensor caught up: on loopback the
        // kernel counts each lost packet twice (out and in). A stop that cut the drain short reported 1 packet.
        Assert.InRange(seen + (drops / 2), 29_999, 30_000);
    }

    private static Dictionary<string, JsonElement> QueriesSeen(BackgroundProcess sensor)
    {
        var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (string line in sensor.Stdout)
        {
            JsonElement e = JsonDocument.Parse(line).RootElement;
            JsonElement dns = e.GetProperty("dns");
            if (dns.GetProperty("type").GetString() == "query")
            {
                seen[dns.GetProperty("question").GetProperty("name").GetString()!] = e;
            }
        }

        return seen;
    }
}
