using System.Globalization;
using System.Text;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Robustness;

/// <summary>
/// fuzz/status.sh's verdict decides when a campaign has fuzzed long enough, so it is checked on campaign folders
/// written the way afl-fuzz 4.04c writes them: a plot_data row every 5 seconds from a run's second minute on, time and
/// cycle count carried on by a resume, whose cycle count steps by one for the cycle the stop cut short.
/// </summary>
public sealed class FuzzStatusTests : IDisposable
{
    private const int Corpus = 100;

    private readonly string _fuzzDir = Directory.CreateTempSubdirectory("ipls-fuzz-status-").FullName;
    private readonly string _findings;
    private readonly StringBuilder _plot = new(
        "# relative_time, cycles_done, cur_item, corpus_count, pending_total, pending_favs, map_size, saved_crashes, "
            + "saved_hangs, max_depth, execs_per_sec, total_execs, edges_found\n"
    );
    private int _seconds;
    private int _cycles;

    public FuzzStatusTests()
    {
        _findings = Path.Combine(_fuzzDir, "dns", "findings", "default");
        Directory.CreateDirectory(Path.Combine(_findings, "queue"));
        File.WriteAllText(Path.Combine(_findings, "fuzzer_setup"), "");
    }

    public void Dispose() => Directory.Delete(_fuzzDir, recursive: true);

    [Fact]
    public void OneQuietRun_ReachesThePlateauAfter25Cycles()
    {
        Run(minutes: 45, cycles: 26);

        Assert.Equal(("44 min", "25 cycles", "plateau"), Status());
    }

    [Fact]
    public void QuietCyclesAddUpOverAResume_WithoutTheCycleTheStopCutShort()
    {
        Run(minutes: 20, cycles: 13);
        Resume(minutes: 20, cycles: 12);

        Assert.Equal(("40 min", "24 cycles", "finding"), Status());

        Run(minutes: 1, cycles: 1);

        Assert.Equal(("41 min", "25 cycles", "plateau"), Status());
    }

    [Fact]
    public void ANewPathAfterTheResume_StartsTheSpellAgain()
    {
        Run(minutes: 60, cycles: 40);
        Resume(minutes: 5, cycles: 2, corpus: Corpus + 1);
        Run(minutes: 30, cycles: 20, Corpus + 1);

        Assert.Equal(("35 min", "21 cycles", "finding"), Status());
    }

    [Fact]
    public void AResumeOnANewBuild_StartsTheSpellAgain()
    {
        Run(minutes: 60, cycles: 40);
        File.WriteAllText(Path.Combine(_fuzzDir, "dns", "quiet-floor"), $"{_seconds}\n");
        Resume(minutes: 40, cycles: 20);

        Assert.Equal(("40 min", "19 cycles", "finding"), Status());
    }

    /// <summary>Rows of a run going on for MINUTES and completing CYCLES queue cycles.</summary>
    private void Run(int minutes, int cycles, int corpus = Corpus)
    {
        int from = _seconds;
        int startCycles = _cycles;
        for (int t = 5; t <= minutes * 60; t += 5)
        {
            Row(from + t, startCycles + (cycles * t / (minutes * 60)), corpus);
        }
    }

    /// <summary>A resumed run: nothing plotted in its first minute, its cycle count one up from the start.</summary>
    private void Resume(int minutes, int cycles, int corpus = Corpus)
    {
        _seconds += 60;
        _cycles += 1;
        Row(_seconds, _cycles, corpus);
        Run(minutes, cycles, corpus);
    }

    private void Row(int seconds, int cycles, int corpus)
    {
        (_seconds, _cycles) = (seconds, cycles);
        _plot.Append(
            CultureInfo.InvariantCulture,
            $"{seconds}, {cycles}, 7, {corpus}, 0, 0, 0.86%, 0, 0, 3, 9000.00, {seconds * 9000L}, 565\n"
        );
    }

    /// <summary>status.sh's figures: the time and cycles since the campaign's last new path, and its verdict.</summary>
    private (string Minutes, string Cycles, string Verdict) Status()
    {
        File.WriteAllText(Path.Combine(_findings, "plot_data"), _plot.ToString());
        File.WriteAllText(
            Path.Combine(_findings, "fuzzer_stats"),
            $"""
            last_update       : {1_800_000_000 + _seconds}
            run_time          : {_seconds}
            cycles_done       : {_cycles}
            cycles_wo_finds   : 0
            execs_done        : {_seconds * 9000L}
            execs_per_sec     : 9000.00
            corpus_count      : {Corpus}
            pending_total     : 0
            stability         : 100.00%
            saved_crashes     : 0
            saved_hangs       : 0

            """
        );

        ExternalTool.Output status = ExternalTool.Run(
            "bash",
            [Path.Combine(Repository.Root, "fuzz", "status.sh"), _fuzzDir]
        );

        Assert.True(status.ExitCode == 0, status.Stderr);
        string[] columns = status
            .Stdout.Split('\n')
            .Single(l => l.StartsWith("| `dns`", StringComparison.Ordinal))
            .Split(" | ");
        string[] quiet = columns[9].Split(", ");
        return (quiet[0], quiet[2], columns[11].TrimEnd(' ', '|'));
    }
}
