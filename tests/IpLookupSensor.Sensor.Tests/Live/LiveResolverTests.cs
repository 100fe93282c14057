using System.Text.Json;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Live;

/// <summary>
/// A local resolver's upstream copy of a lookup (here a process named dnsmasq, a copy of python) is marked
/// resolver_only with the resolver kept apart, so it raises no second alert; the client's own lookup still does.
/// </summary>
public sealed class LiveResolverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-resolver-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_ResolverProcessLookup_IsResolverOnly_AndRaisesNoAlert()
    {
        string dnsmasq = Path.Combine(_folder, "dnsmasq");
        File.Copy(ExternalTool.Run("readlink", ["-f", "/usr/bin/python3"]).Stdout.Trim(), dnsmasq);
        ExternalTool.Run("chmod", ["755", _folder, dnsmasq]);
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer("--delay-ms", "50");
        using BackgroundProcess sensor = ns.StartSensor("--events");

        // The "resolver" forwards a lookup upstream and waits for the answer, as dnsmasq would.
        const string Forward = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2)
            name = b"".join(bytes([len(p)]) + p for p in b"api.ipify.org".split(b".")) + b"\0"
            s.sendto(b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + name + b"\x00\x01\x00\x01", ("127.0.0.1", 53)); s.recv(512)
            """;
        Assert.Equal(0, ns.Run(dnsmasq, "-c", Forward).ExitCode);
        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "icanhazip.com").ExitCode);
        Assert.True(sensor.WaitFor(() => Lines(sensor).Any(IsAlert) && Lines(sensor).Count >= 5, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(20)));

        JsonElement forwarded = Lines(sensor).Single(e => !IsAlert(e) && Query(e) == "api.ipify.org" && e.GetProperty("dns").GetProperty("type").GetString() == "query");
        JsonElement attribution = forwarded.GetProperty("iplookup").GetProperty("attribution");
        Assert.Equal("resolver_only", attribution.GetProperty("status").GetString());
        Assert.Equal(("dnsmasq", dnsmasq), (attribution.GetProperty("resolver").GetProperty("name").GetString(), attribution.GetProperty("resolver").GetProperty("executable").GetString()));
        Assert.False(forwarded.TryGetProperty("process", out _));
        Assert.Equal(["icanhazip.com"], Lines(sensor).Where(IsAlert).Select(Query)); // no alert for the upstream copy
    }

    private static List<JsonElement> Lines(BackgroundProcess sensor) => [.. sensor.Stdout.Select(l => JsonDocument.Parse(l).RootElement)];

    private static bool IsAlert(JsonElement e) => e.GetProperty("event").GetProperty("kind").GetString() == "alert";

    private static string? Query(JsonElement e) => e.GetProperty("dns").GetProperty("question").GetProperty("name").GetString();
}
