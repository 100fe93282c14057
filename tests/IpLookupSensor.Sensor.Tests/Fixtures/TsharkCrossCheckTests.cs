using System.Text.Json;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Fixtures;

/// <summary>
/// The query names the sensor extracts from each fixture equal tshark's, file by file (and interface by
/// interface for pcapng, where two interfaces can hold copies of one TCP stream that tshark would merge).
/// </summary>
public sealed class TsharkCrossCheckTests
{
    // Where we deliberately stop and tshark goes on, each with the bound that makes us stop.
    private static readonly Dictionary<string, string> s_intendedDifferences = new(StringComparer.Ordinal)
    {
        ["five-tags.example"] = "more than 4 VLAN tags are not followed (not_ip)",
        ["ipv6-nine-extension-headers.example"] = "more than 8 IPv6 extension headers (ipv6_extension_headers)",
        ["port-80.example"] =
            "DNS only on port 53, as the live filter (not_dns_port); tshark's heuristics find it on port 80",
    };

    // Malformed on purpose; their names are compared exactly in the golden files and decoder tests instead.
    private static readonly HashSet<string> s_malformedByDesign = ["dns-edge-cases.pcap", "dns-responses.pcap"];

    public static TheoryData<string> Captures =>
        [
            .. Repository
                .CaptureFiles()
                .Where(f => !s_malformedByDesign.Contains(Path.GetFileName(f)))
                .Select(f => Path.GetRelativePath(Repository.Pcaps, f)),
        ];

    [Theory]
    [MemberData(nameof(Captures))]
    public void QueryNames_EqualTsharks(string relativePath)
    {
        string path = Path.Combine(Repository.Pcaps, relativePath);
        var ours = new List<string>();
        var theirs = new List<string>();
        foreach (string part in SplitByInterface(path))
        {
            ours.AddRange(SensorQueryNames(part));
            theirs.AddRange(TsharkQueryNames(part).Where(n => !s_intendedDifferences.ContainsKey(n)));
        }

        ours.Sort(StringComparer.Ordinal);
        theirs.Sort(StringComparer.Ordinal);
        Assert.NotEmpty(ours);
        Assert.Equal(theirs, ours);
    }

    private static IEnumerable<string> SensorQueryNames(string path) =>
        Replay
            .Run(path, "--events")
            .Lines.Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("event").GetProperty("kind").GetString() == "event") // not the alerts
            .Select(e => e.GetProperty("dns"))
            .Where(dns => dns.GetProperty("type").GetString() == "query" && dns.TryGetProperty("question", out _))
            .Select(dns => dns.GetProperty("question").GetProperty("name").GetString()!);

    private static IEnumerable<string> TsharkQueryNames(string path)
    {
        ExternalTool.Output output = ExternalTool.Run(
            "tshark",
            [
                "-n",
                "-r",
                path,
                "-o",
                "tcp.reassemble_out_of_order:TRUE",
                "-Y",
                "dns.flags.response == 0",
                "-T",
                "fields",
                "-e",
                "dns.qry.name",
            ]
        );
        Assert.True(output.ExitCode == 0, output.Stderr);
        return output
            .Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line.Split(','))
            .Select(name => name.ToLowerInvariant());
    }

    private static IEnumerable<string> SplitByInterface(string path)
    {
        if (!path.EndsWith(".pcapng", StringComparison.Ordinal))
        {
            yield return path;
            yield break;
        }

        string folder = Directory.CreateTempSubdirectory("ipls-split-").FullName;
        ExternalTool.Output ids = ExternalTool.Run("tshark", ["-r", path, "-T", "fields", "-e", "frame.interface_id"]);
        foreach (string id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            string part = Path.Combine(folder, $"interface-{id}.pcapng");
            ExternalTool.Run("tshark", ["-r", path, "-Y", $"frame.interface_id == {id}", "-w", part]);
            yield return part;
        }
    }
}
