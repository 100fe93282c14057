using System.Text.Json;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Live;

/// <summary>
/// <c>run</c> in host mode with the shipped Linux rule: real clients look up IP-lookup names through a real DNS
/// server in a private namespace, and each alert names the client process and its user. The server holds its
/// answers 50 ms, as an upstream resolver would. A client that exits right after sending is named by the kernel's
/// send trace, or without it by the socket-history poller.
/// </summary>
public sealed class LiveAttributionTests
{
    private static readonly string s_sensor = typeof(ExitCodes).Assembly.Location;

    [Fact]
    public void Run_HostMode_AlertsNameTheProcessAndUserOfEachLookup()
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer("--delay-ms", "50");

        string rules = Path.Combine(Repository.Root, "rules", "linux");
        using BackgroundProcess sensor = ns.StartSensor("--rules", rules);

        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "api.ipify.org").ExitCode);
        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "www.example.com").ExitCode);
        Assert.Equal(0, ns.Run("dig", "+tcp", "+tries=1", "+time=2", "@127.0.0.1", "ifconfig.me").ExitCode);
        Assert.Equal(
            0,
            ns.RunAsNobody(
                "/usr/bin/python3",
                "-c",
                "import socket; socket.getaddrinfo('icanhazip.com', 443, socket.AF_INET)"
            ).ExitCode
        );

        bool all = sensor.WaitFor(() => sensor.Stdout.Count >= 3, TimeSpan.FromSeconds(10));
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(10)));
        Dictionary<string, JsonElement> alerts = sensor
            .Stdout.Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(a => a.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()!);
        Assert.True(all, "alerts: " + string.Join(", ", alerts.Keys));

        // none for www.example.com
        Assert.Equal(["api.ipify.org", "icanhazip.com", "ifconfig.me"], alerts.Keys.Order(StringComparer.Ordinal));
        AssertAlert(alerts["api.ipify.org"], "dig", "/usr/bin/dig", "0", "root");
        AssertAlert(alerts["ifconfig.me"], "dig", "/usr/bin/dig", "0", "root"); // over TCP
        Assert.Equal("tcp", alerts["ifconfig.me"].GetProperty("network").GetProperty("transport").GetString());
        AssertAlert(alerts["icanhazip.com"], "python3.11", "/usr/bin/python3.11", "65534", "nobody");
    }

    [Theory]
    [InlineData("ebpf", "high")]
    [InlineData("history_cache", "medium", "--no-ebpf")]
    public void Run_HostMode_NamesAClientThatExitsRightAfterSendingItsQuery(
        string method,
        string confidence,
        params string[] options
    )
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer();
        using BackgroundProcess sensor = ns.StartSensor(options);

        // Binds, waits a moment as a real client's start-up does, sends one query and exits without reading the answer:
        // by the time the sensor looks, the socket and the process are gone; the kernel recorded who sent, and the
        // history poller saw who held the socket.
        const string SendAndExit = """
            import socket, struct, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); time.sleep(0.05)
            name = b"".join(bytes([len(p)]) + p for p in b"api.ipify.org".split(b".")) + b"\0"
            s.sendto(struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 1, 1), ("127.0.0.1", 53))
            """;
        Assert.Equal(0, ns.RunAsNobody("/usr/bin/python3", "-c", SendAndExit).ExitCode);

        bool alerted = sensor.WaitFor(() => !sensor.Stdout.IsEmpty, TimeSpan.FromSeconds(10));
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(10)));
        Assert.True(alerted, string.Join('\n', sensor.Stderr));
        JsonElement alert = JsonDocument.Parse(sensor.Stdout.First()).RootElement;
        Assert.Equal("api.ipify.org", alert.GetProperty("dns").GetProperty("question").GetProperty("name").GetString());
        Assert.StartsWith(
            "python3",
            alert.GetProperty("process").GetProperty("name").GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal(
            ("65534", "nobody"),
            (
                alert.GetProperty("user").GetProperty("id").GetString(),
                alert.GetProperty("user").GetProperty("name").GetString()
            )
        );
        JsonElement attribution = alert.GetProperty("iplookup").GetProperty("attribution");
        Assert.Equal(
            (method, confidence),
            (attribution.GetProperty("method").GetString(), attribution.GetProperty("confidence").GetString())
        );
    }

    [Fact]
    public void Run_GatewayMode_MarksEveryEventNotApplicable()
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer();
        using BackgroundProcess sensor = ns.StartSensor("--mode", "gateway", "--events");
        Assert.Contains(
            sensor.Stderr,
            l =>
                l.Contains(
                    "1 rules from " + Path.Combine(Path.GetDirectoryName(s_sensor)!, "rules", "gateway"),
                    StringComparison.Ordinal
                )
        );

        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "api.ipify.org").ExitCode);
        // query, its alert, answer
        Assert.True(sensor.WaitFor(() => sensor.Stdout.Count >= 3, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(10)));

        JsonElement[] lines = [.. sensor.Stdout.Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.All(
            lines,
            e =>
                Assert.Equal(
                    "not_applicable",
                    e.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString()
                )
        );
        Assert.All(
            lines,
            e =>
                Assert.Equal(
                    "remote_host",
                    e.GetProperty("iplookup").GetProperty("attribution").GetProperty("reason").GetString()
                )
        );
        Assert.All(lines, e => Assert.False(e.TryGetProperty("process", out _)));
        Assert.Single(lines, e => e.GetProperty("event").GetProperty("kind").GetString() == "alert");
    }

    private static void AssertAlert(JsonElement alert, string name, string executable, string userId, string userName)
    {
        Assert.Equal("alert", alert.GetProperty("event").GetProperty("kind").GetString());
        Assert.Equal(
            "External IP Lookup from Non-Browser Process (Linux)",
            alert.GetProperty("rule").GetProperty("name").GetString()
        );
        Assert.Equal(name, alert.GetProperty("process").GetProperty("name").GetString());
        Assert.Equal(executable, alert.GetProperty("process").GetProperty("executable").GetString());
        Assert.Equal(userId, alert.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal(userName, alert.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(
            "direct",
            alert.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString()
        );
        JsonElement attribution = alert.GetProperty("iplookup").GetProperty("attribution");
        Assert.Equal(
            ("ebpf", "high"),
            (attribution.GetProperty("method").GetString(), attribution.GetProperty("confidence").GetString())
        );
    }
}
