using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Fixtures;

/// <summary>
/// Every capture in pcaps/ replays to the NDJSON and summary committed beside it (NAME.expected.ndjson and
/// NAME.expected-summary.txt). UPDATE_FIXTURES=1 rewrites them; review the diff before committing.
/// </summary>
public sealed class GoldenReplayTests
{
    public static TheoryData<string> Captures => [.. RelativeCapturePaths()];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Replay_WithEvents_MatchesExpectedOutput(string relativePath)
    {
        string path = Path.Combine(Repository.Pcaps, relativePath);
        Replay.Result result = Replay.Run(path, "--events");
        string summary = result.StableSummary.Replace(path, relativePath, StringComparison.Ordinal) + "\n";

        string expectedEvents = path + ".expected.ndjson";
        string expectedSummary = path + ".expected-summary.txt";
        if (Repository.UpdateFixtures)
        {
            File.WriteAllText(expectedEvents, result.Stdout);
            File.WriteAllText(expectedSummary, summary);
        }

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(expectedSummary), summary);
        Assert.Equal(File.ReadAllLines(expectedEvents), result.Lines);
    }

    [Fact]
    public void EveryCraftedFixture_IsReplayed()
    {
        foreach (string name in CraftedFixtures.All.Keys)
        {
            Assert.Contains(Path.Combine("crafted", name), RelativeCapturePaths());
        }
    }

    private static IEnumerable<string> RelativeCapturePaths() =>
        Repository.CaptureFiles().Select(f => Path.GetRelativePath(Repository.Pcaps, f));
}
