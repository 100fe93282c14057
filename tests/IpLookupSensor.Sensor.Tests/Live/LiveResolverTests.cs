using System.Text.Json;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Live;

/// <summary>
/// A local resolver's upstream copy of a lookup (here a process named dnsmasq, a copy of python) is marked
/// resolver_only with the resolver kept apart, so it raises no second alert; the client's own lookup still does.
/// A client that asks the resolver without DNS on the wire (a Unix socket, as nscd or systemd-resolved's varlink)
/// is named by its connection to the answer: via_resolver.
/// </summary>
public sealed class LiveResolverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-resolver-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_ResolverProcessLookup_IsResolverOnly_AndRaisesNoAlert()
    {
        string dnsmasq = CopyOfPython("dnsmasq");
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer("--delay-ms", "50");

        // The "resolver" forwards a lookup upstream and waits for the answer, as dnsmasq would.
        const string Forward = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
            name = b"".join(bytes([len(p)]) + p for p in b"api.ipify.org".split(b".")) + b"\0"
            s.sendto(b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + name + b"\x00\x01\x00\x01", ("127.0.0.1", 53)); s.recv(512)
            """;
        using BackgroundProcess sensor = ns.StartSensor("--events", "--resolver-window", "1");
        Assert.Equal(0, ns.Run(dnsmasq, "-c", Forward).ExitCode);
        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "icanhazip.com").ExitCode);
        Assert.True(
            sensor.WaitFor(() => Lines(sensor).Any(IsAlert) && Lines(sensor).Count >= 5, TimeSpan.FromSeconds(10))
        );
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(20)));

        JsonElement forwarded = Lines(sensor)
            .Single(e =>
                !IsAlert(e)
                && Query(e) == "api.ipify.org"
                && e.GetProperty("dns").GetProperty("type").GetString() == "query"
            );
        JsonElement attribution = forwarded.GetProperty("iplookup").GetProperty("attribution");
        Assert.Equal(
            ("resolver_only", "resolver_uncorrelated"),
            (attribution.GetProperty("status").GetString(), attribution.GetProperty("reason").GetString())
        );
        Assert.Equal(
            ("dnsmasq", dnsmasq),
            (
                attribution.GetProperty("resolver").GetProperty("name").GetString(),
                attribution.GetProperty("resolver").GetProperty("executable").GetString()
            )
        );
        Assert.False(forwarded.TryGetProperty("process", out _));
        Assert.Equal(["icanhazip.com"], Lines(sensor).Where(IsAlert).Select(Query)); // no alert for the upstream copy
    }

    [Fact]
    public void Run_ClientAskingAResolverOverAUnixSocket_IsNamedByItsConnectionToTheAnswer()
    {
        string dnsmasq = CopyOfPython("dnsmasq");
        string client = CopyOfPython("fetch-ip");
        string socketPath = Path.Combine(_folder, "resolver.sock");
        using var ns = new NetworkNamespace();
        // Answers 127.0.0.7 after an upstream's round trip; the resolver closes its upstream socket at once, so a
        // loaded machine must reach it before that for the query to be known as the resolver's.
        using BackgroundProcess server = ns.StartDnsServer("--delay-ms", "100");
        using BackgroundProcess web = Ready(new BackgroundProcess("ip", ns.Exec("python3", Tool("web-listener.py"))));
        using BackgroundProcess resolver = Ready(
            new BackgroundProcess("ip", ns.Exec(dnsmasq, Tool("socket-resolver.py"), socketPath))
        );
        string capture = Path.Combine(_folder, "capture.pcapng"),
            record = Path.Combine(_folder, "attribution.ndjson");
        using BackgroundProcess sensor = ns.StartSensor(
            "--events",
            "--write-pcap",
            capture,
            "--record-attribution",
            record
        );

        Assert.Equal(0, ns.Run(client, "-c", AskAndConnect, socketPath).ExitCode);
        Assert.True(
            sensor.WaitFor(() => Lines(sensor).Any(IsAlert), TimeSpan.FromSeconds(10)),
            string.Join('\n', sensor.Stderr)
        );
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(20)));

        JsonElement alert = Lines(sensor).Single(IsAlert);
        Assert.Equal("api.ipify.org", Query(alert));
        Assert.Equal(
            ("fetch-ip", client),
            (
                alert.GetProperty("process").GetProperty("name").GetString(),
                alert.GetProperty("process").GetProperty("executable").GetString()
            )
        );
        JsonElement attribution = alert.GetProperty("iplookup").GetProperty("attribution");
        Assert.Equal(
            ("via_resolver", "answer_correlation", "medium"),
            (
                attribution.GetProperty("status").GetString(),
                attribution.GetProperty("method").GetString(),
                attribution.GetProperty("confidence").GetString()
            )
        );
        Assert.Equal("dnsmasq", attribution.GetProperty("resolver").GetProperty("name").GetString());
        Assert.Contains(
            sensor.Stderr,
            l => l.Contains("resolver lookups 1 correlated, 0 not, 0 forwarded", StringComparison.Ordinal)
        );

        // The recorded pair replays to the same alert: the resolver's query, via_resolver, with the client named.
        Replay.Result replay = Replay.Run(
            capture,
            "--attribution",
            record,
            "--rules",
            Path.Combine(Repository.Root, "rules", "linux")
        );
        JsonElement replayed = JsonDocument.Parse(Assert.Single(replay.Lines)).RootElement;
        Assert.Equal(
            (0, "fetch-ip", "via_resolver", "dnsmasq"),
            (
                replay.ExitCode,
                replayed.GetProperty("process").GetProperty("name").GetString(),
                replayed.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString(),
                replayed
                    .GetProperty("iplookup")
                    .GetProperty("attribution")
                    .GetProperty("resolver")
                    .GetProperty("name")
                    .GetString()
            )
        );
    }

    [Fact]
    public void Run_ClientsOfALocalStubResolver_AreNamedDirectly_AndItsUpstreamCopiesRaiseNoSecondAlert()
    {
        string stub = CopyOfPython("systemd-resolved");
        using var ns = new NetworkNamespace();
        // Answers 127.0.0.7 after an upstream's round trip: the stub closes its upstream socket as soon as it has
        // the answer, and a copy whose socket is gone before attribution reaches it can only be unattributed.
        using BackgroundProcess server = ns.StartDnsServer("--delay-ms", "100");
        using BackgroundProcess web = Ready(new BackgroundProcess("ip", ns.Exec("python3", Tool("web-listener.py"))));
        using BackgroundProcess resolved = Ready(new BackgroundProcess("ip", ns.Exec(stub, Tool("stub-resolver.py"))));
        using BackgroundProcess sensor = ns.StartSensor(
            "--events",
            "--rules",
            Path.Combine(Repository.Root, "rules", "linux")
        );

        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.53", "api.ipify.org").ExitCode);
        // As nobody: asks the stub, then connects to the answer, as an IP-lookup client does.
        Assert.Equal(0, ns.RunAsNobody("/usr/bin/python3", "-c", AskStubAndConnect).ExitCode);
        Assert.True(
            sensor.WaitFor(() => Lines(sensor).Count(IsAlert) >= 2, TimeSpan.FromSeconds(10)),
            string.Join('\n', sensor.Stderr)
        );
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(20)));

        List<JsonElement> alerts = [.. Lines(sensor).Where(IsAlert)];
        Assert.Equal(
            [("dig", "0"), ("python3.11", "65534")],
            alerts.Select(a => (Process(a, "name"), a.GetProperty("user").GetProperty("id").GetString()))
        );
        Assert.All(
            alerts,
            a =>
                Assert.Equal(
                    "direct",
                    a.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString()
                )
        );
        List<JsonElement> upstream = [.. Lines(sensor).Where(e => !IsAlert(e) && IsQueryTo(e, "127.0.0.1"))];
        Assert.Equal(2, upstream.Count); // one copy each, both known for what they are
        Assert.All(
            upstream,
            e =>
                Assert.Equal(
                    ("resolver_only", "forwarded", "systemd-resolved"),
                    (
                        e.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString(),
                        e.GetProperty("iplookup").GetProperty("attribution").GetProperty("reason").GetString(),
                        e.GetProperty("iplookup")
                            .GetProperty("attribution")
                            .GetProperty("resolver")
                            .GetProperty("name")
                            .GetString()
                    )
                )
        );
    }

    private const string AskStubAndConnect = """
        import socket, struct, time
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
        name = b"".join(bytes([len(p)]) + p for p in b"api.ipify.org".split(b".")) + b"\0"
        s.sendto(struct.pack(">HHHHHH", 0x4321, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 1, 1), ("127.0.0.53", 53))
        ip = socket.inet_ntoa(s.recv(512)[-4:])
        t = socket.create_connection((ip, 80), timeout=2); time.sleep(0.3); t.close()
        """;

    private static bool IsQueryTo(JsonElement e, string address) =>
        e.GetProperty("dns").GetProperty("type").GetString() == "query"
        && e.GetProperty("destination").GetProperty("ip").GetString() == address;

    private static string? Process(JsonElement e, string field) =>
        e.GetProperty("process").GetProperty(field).GetString();

    // Asks the resolver for api.ipify.org, then fetches from the answer, as an IP-lookup client does.
    private const string AskAndConnect = """
        import socket, sys, time
        u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); u.connect(sys.argv[1]); u.sendall(b"api.ipify.org"); ip = u.recv(64).decode()
        t = socket.create_connection((ip, 80), timeout=2); t.sendall(b"GET / HTTP/1.0\r\n\r\n"); time.sleep(0.3); t.close()
        """;

    private static string Tool(string name) => Path.Combine(Repository.Root, "tools", name);

    private string CopyOfPython(string name)
    {
        string copy = Path.Combine(_folder, name);
        File.Copy(ExternalTool.Run("readlink", ["-f", "/usr/bin/python3"]).Stdout.Trim(), copy);
        ExternalTool.Run("chmod", ["755", _folder, copy]);
        return copy;
    }

    private static BackgroundProcess Ready(BackgroundProcess process)
    {
        if (!process.WaitFor(() => process.Stdout.Contains("ready"), TimeSpan.FromSeconds(10)))
        {
            string log = string.Join('\n', process.Stderr);
            process.Dispose();
            throw new InvalidOperationException("a helper did not start: " + log);
        }

        return process;
    }

    private static List<JsonElement> Lines(BackgroundProcess sensor) =>
        [.. sensor.Stdout.Select(l => JsonDocument.Parse(l).RootElement)];

    private static bool IsAlert(JsonElement e) => e.GetProperty("event").GetProperty("kind").GetString() == "alert";

    private static string? Query(JsonElement e) =>
        e.GetProperty("dns").GetProperty("question").GetProperty("name").GetString();
}
