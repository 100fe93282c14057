using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Robustness;

/// <summary>
/// Every fuzz target (fuzz/IpLookupSensor.Fuzz) accepts its own starting inputs, the inputs its campaigns once failed
/// on (fuzz/regressions/TARGET) and those they kept for the next campaign (fuzz/corpus/TARGET): a target whose oracle
/// is wrong, or a fixed fault that returns, fails here rather than only in a campaign. Oracles were wrong twice
/// (2026-11-29): the attribution target still accepted the Windows parsers' refusals by the selector of an older
/// version with fewer parsers; the syslog target wanted the whole question in a message over its destination's default
/// size limit, which shortens values as an explicit maxsize does.
/// </summary>
public sealed class FuzzRegressionTests : IDisposable
{
    private static readonly string s_fuzzer = Path.Combine(
        Path.GetDirectoryName(typeof(FuzzRegressionTests).Assembly.Location)!
            .Replace(
                Path.Combine("tests", "IpLookupSensor.Sensor.Tests"),
                Path.Combine("fuzz", "IpLookupSensor.Fuzz"),
                StringComparison.Ordinal
            ),
        "iplookup-fuzz.dll"
    );

    private readonly string _seeds = Directory.CreateTempSubdirectory("ipls-seeds-").FullName;

    public void Dispose() => Directory.Delete(_seeds, recursive: true);

    public static TheoryData<string> Targets() => ["frames", "dns", "capture", "eql", "rule", "syslog", "attribution"];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_AcceptsItsSeedsItsKeptCorpusAndItsPastFindings(string target)
    {
        Assert.True(File.Exists(s_fuzzer), $"{s_fuzzer} was not built");
        Assert.Equal(0, Fuzz("seeds", target, _seeds).ExitCode);
        IEnumerable<string> kept = new[] { "regressions", "corpus" }.Select(k =>
            Path.Combine(Repository.Root, "fuzz", k, target)
        );
        string[] inputs = [_seeds, .. kept.Where(Directory.Exists)];

        ExternalTool.Output run = Fuzz([target, .. inputs]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        int count = inputs.Sum(folder => Directory.GetFiles(folder).Length);
        Assert.Contains($"{count} inputs, every one ran without a failure", run.Stderr, StringComparison.Ordinal);
    }

    private static ExternalTool.Output Fuzz(params string[] args) =>
        ExternalTool.Run("dotnet", [s_fuzzer, .. args], TimeSpan.FromMinutes(2));
}
