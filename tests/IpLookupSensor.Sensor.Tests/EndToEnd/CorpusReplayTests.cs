using System.Text.RegularExpressions;
using IpLookupSensor.Corpus;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.EndToEnd;

/// <summary>
/// The benchmark corpus, replayed: every count the sensor reports equals the generator's truth, computed frame by
/// frame with plain string tests instead of the EQL engine (bench/compare.sh checks the same on millions of frames).
/// </summary>
public sealed partial class CorpusReplayTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("corpus-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Replay_OfAGeneratedCorpus_CountsWhatTheTruthFileSays()
    {
        string capture = Path.Combine(_folder, "corpus.pcap");
        var generator = new TrafficGenerator(
            new CorpusOptions(60_000, Seed: 11, capture, TruthFile: null, TcpPercent: 5, WatchedPercent: 2)
        );
        using (var writer = new PcapWriter(capture))
        {
            generator.Run(writer);
        }

        Truth truth = generator.Truth;
        Assert.True(
            truth.TcpDnsMessages > 1000 && truth.Ipv6Frames > 5000 && truth.VlanFrames > 0 && truth.MixedCaseQueries > 0
        );
        Assert.True(
            truth.RuleMatchingQueries > 500
                && truth.NearMissRuleMatches > 0
                && truth.NearMissQueries > truth.NearMissRuleMatches
        );

        Replay.Result result = Replay.Run(capture);

        Assert.Equal(0, result.ExitCode);
        Match summary = Summary().Match(result.Stderr);
        Assert.True(summary.Success, result.Stderr);
        Assert.Equal(truth.Frames, long.Parse(summary.Groups["packets"].Value));
        Assert.Equal(truth.DnsMessages, long.Parse(summary.Groups["messages"].Value));
        Assert.Equal(truth.Queries, long.Parse(summary.Groups["queries"].Value));
        Assert.Equal(truth.Responses, long.Parse(summary.Groups["responses"].Value));
        // Without processes only the gateway rule can match: each matching query is an alert or held back.
        Assert.Equal(
            truth.RuleMatchingQueries,
            long.Parse(summary.Groups["alerts"].Value) + long.Parse(summary.Groups["held"].Value)
        );
        Assert.Contains("skipped: none", result.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(
        @"(?<packets>\d+) packets, (?<messages>\d+) DNS messages \((?<queries>\d+) queries, "
            + @"(?<responses>\d+) responses\), \d+ events, (?<alerts>\d+) alerts \((?<held>\d+) held back\)"
    )]
    private static partial Regex Summary();
}
