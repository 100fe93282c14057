using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using IpLookupSensor.Corpus;
using IpLookupSensor.Rules.Tests.Support;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Capture.Files;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Pipeline;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Fuzz;

/// <summary>
/// Starting inputs for each target: frames, messages and a capture from the corpus generator, the captures of pcaps/
/// (whole, their frames and their DNS messages), the shipped rules, the EQL engine's test cases, the formatter tests'
/// hostile texts, and what attribution's parsers read (<see cref="AttributionSeeds"/>).
/// </summary>
internal static class Seeds
{
    public static void Write(string target, string folder)
    {
        Directory.CreateDirectory(folder);
        IReadOnlyList<byte[]> seeds = For(target);
        for (int i = 0; i < seeds.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"seed-{i:D3}"), seeds[i]);
        }
    }

    public static IReadOnlyList<byte[]> For(string target) =>
        target switch
        {
            "frames" =>
            [
                .. Frames().Select(frame => ((int)LinkType.Ethernet, frame)).Chunk(8).Select(EncodeFrames),
                .. Fixtures().SelectMany(path => FramesOf(path).Chunk(8)).Select(EncodeFrames),
                EncodeFrames(Storm()),
            ],
            "dns" =>
            [
                .. Frames().Select(frame => DnsPayload((int)LinkType.Ethernet, frame)).OfType<byte[]>().Take(40),
                .. Fixtures()
                    .SelectMany(FramesOf)
                    .Select(f => DnsPayload(f.LinkType, f.Frame))
                    .OfType<byte[]>()
                    .DistinctBy(Convert.ToHexString),
            ],
            "capture" => [GeneratedCapture(), StormCapture(), .. Fixtures().Select(File.ReadAllBytes)],
            "eql" =>
            [
                .. ShippedRules().Select(r => Encoding.UTF8.GetBytes(r.QueryText)),
                .. Queries.Concat(CaseQueries()).Select(Encoding.UTF8.GetBytes),
            ],
            "rule" =>
            [
                .. Directory
                    .EnumerateFiles(RuleCatalog.ShippedRulesPath, "*.toml", SearchOption.AllDirectories)
                    .Select(File.ReadAllBytes),
                .. Queries
                    .Concat(CaseQueries())
                    .Select(query => Encoding.UTF8.GetBytes(MinimalRule.Replace("QUERY", query))),
            ],
            "syslog" =>
            [
                .. Texts
                    .Concat(TestAlerts.HostileTexts.Select(text => string.Join('\u001F', Enumerable.Repeat(text, 5))))
                    .Select(text => MemoryMarshal.AsBytes(text.AsSpan()).ToArray()),
            ],
            "attribution" => [.. AttributionSeeds.All()],
            _ => throw new ArgumentException(target),
        };

    private static readonly string[] Queries =
    [
        "network where dns.question.name : \"*.example\" and not process.name in (\"a\", \"b\")",
        "any where length(dns.question.name) > 20 or cidrMatch(source.ip, \"10.0.0.0/8\")",
        "network where dns.question.name regex~ \"[a-z]+\\\\.io\" and source.port >= 1024 | head 5",
        "network where startsWith~(process.executable, \"/tmp\") and user.id != null",
        // The first unknown function makes the lambda that finds the closest name: in the warm-up, not in a trace.
        "any where lenght(process.name) > 1",
    ];

    // The fewest keys a rule file needs, around one query.
    private const string MinimalRule = """
        [rule]
        rule_id = "seed"
        name = "seed"
        description = "seed"
        type = "eql"
        severity = "low"
        risk_score = 21
        author = ["seed"]
        query = '''
        QUERY
        '''
        """;

    private static readonly string[] Texts =
    [
        "api.ipify.org\u001Fcurl\u001F/usr/bin/curl\u001Froot\u001FExternal IP Lookup",
        "evil\nline\u001Fq\"][x\u001F\\\\\u001F\uD800\u001F|CEF:0|=",
        "\uFEFF\u2028\t\0\u001F\u001F\u001F\u001F",
        // Fields over every size limit, as FormatterTests.LongFields_FitTheLimit_HeaderIntact has them.
        string.Concat(Enumerable.Repeat("\\255", 63))
            + "."
            + new string('x', 200)
            + $"\u001F{new string('p', 300)}\u001F/{new string('e', 4000)}\u001F{new string('u', 300)}"
            + $"\u001F{new string('r', 300)}",
    ];

    private static IEnumerable<Rules.Loading.DetectionRule> ShippedRules() =>
        Directory
            .EnumerateFiles(RuleCatalog.ShippedRulesPath, "*.toml", SearchOption.AllDirectories)
            .Select(Rules.Loading.RuleLoader.LoadFile);

    // The queries of tests/IpLookupSensor.Rules.Tests/Cases: a campaign of 1,859 inputs had not reached 130 of the
    // branches they take.
    private static IEnumerable<string> CaseQueries() =>
        Directory
            .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "eql-cases"), "*.cases")
            .Order(StringComparer.Ordinal)
            .SelectMany(CaseFile.Read)
            .Select(testCase => testCase.Query)
            .Distinct(StringComparer.Ordinal);

    private static byte[] GeneratedCapture() =>
        Written(writer =>
            new TrafficGenerator(new CorpusOptions(60, 5, "-", null, TcpPercent: 20, WatchedPercent: 10)).Run(writer)
        );

    // More lookups than the shipped rules' max_signals (100 a window): the held-back summary's lambdas are made in the
    // warm-up, not in a trace (in one frames input of 367, the first run took 3 branches its repeats did not).
    private static (int LinkType, byte[] Frame)[] Storm() =>
        [
            .. Enumerable
                .Repeat(FramesOf(Path.Combine(AppContext.BaseDirectory, "pcaps", "real-lo-ethernet.pcap")), 12)
                .SelectMany(frames => frames),
        ];

    private static byte[] StormCapture() =>
        Written(writer =>
        {
            long time = 1_700_000_000_000_000;
            foreach ((_, byte[] frame) in Storm())
            {
                writer.Write(time += 1_000, frame);
            }
        });

    private static byte[] Written(Action<PcapWriter> write)
    {
        string path = Path.GetTempFileName();
        using (var writer = new PcapWriter(path))
        {
            write(writer);
        }

        byte[] capture = File.ReadAllBytes(path);
        File.Delete(path);
        return capture;
    }

    /// <summary>The frames of a small generated capture, read back from its records.</summary>
    private static List<byte[]> Frames()
    {
        byte[] capture = GeneratedCapture();
        var frames = new List<byte[]>();
        for (int offset = 24; offset + 16 <= capture.Length; )
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(capture.AsSpan(offset + 8));
            frames.Add(capture.AsSpan(offset + 16, length).ToArray());
            offset += 16 + length;
        }

        return frames;
    }

    // The captures of pcaps/ (crafted, recorded, real): the capture campaign's 409 inputs, after 67 minutes and 13.2
    // million executions, had not reached 150 of the branches they take.
    private static IEnumerable<string> Fixtures() =>
        Directory
            .EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "pcaps"), "*", SearchOption.AllDirectories)
            .Where(path =>
                path.EndsWith(".pcap", StringComparison.Ordinal) || path.EndsWith(".pcapng", StringComparison.Ordinal)
            )
            .Order(StringComparer.Ordinal);

    /// <summary>A capture's frames with their link types, up to its damage if it has any (some fixtures do).</summary>
    private static List<(int LinkType, byte[] Frame)> FramesOf(string path)
    {
        var collector = new FrameCollector();
        try
        {
            using IPacketSource source = CaptureFile.Open(path);
            source.Run(_ => collector, CancellationToken.None);
        }
        catch (CaptureFileException) { }

        return collector.Frames;
    }

    private static byte[] EncodeFrames((int LinkType, byte[] Frame)[] frames) =>
        [
            .. frames
                .Where(f => Array.IndexOf(LinkTypes, f.LinkType) >= 0 && f.Frame.Length <= ushort.MaxValue)
                .SelectMany(f =>
                    (byte[])
                        [
                            (byte)Array.IndexOf(LinkTypes, f.LinkType),
                            (byte)(f.Frame.Length >> 8),
                            (byte)f.Frame.Length,
                            .. f.Frame,
                        ]
                ),
        ];

    private static readonly int[] LinkTypes = [.. Enum.GetValues<LinkType>().Select(t => (int)t)];

    private sealed class FrameCollector : IPacketHandler
    {
        public List<(int LinkType, byte[] Frame)> Frames { get; } = [];

        public void OnPacket(in PacketRecord packet) => Frames.Add((packet.LinkType, packet.Data.ToArray()));
    }

    /// <summary>The DNS message a UDP frame carries to or from port 53, found as the pipeline finds it.</summary>
    private static byte[]? DnsPayload(int linkType, byte[] frame) =>
        FrameDecoder.TryGetIpPacket(linkType, frame, out ReadOnlySpan<byte> ip) == SkipReason.None
        && IpDecoder.TryDecode(ip, out TransportSegment segment) == SkipReason.None
        && segment.Transport == Transport.Udp
        && (segment.SourcePort == 53 || segment.DestinationPort == 53)
            ? segment.Payload.ToArray()
            : null;
}
