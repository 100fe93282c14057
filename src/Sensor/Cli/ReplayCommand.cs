using System.Diagnostics;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Capture.Files;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Cli;

/// <summary><c>replay FILE [--events]</c>: reads a pcap or pcapng file as if it were live traffic.</summary>
internal static class ReplayCommand
{
    public const string Usage = """
        usage: iplookup-sensor replay FILE [--events]

          FILE       a pcap (micro- or nanosecond) or pcapng capture
          --events   print every DNS event as ECS NDJSON on stdout, not only alerts

        A summary goes to stderr. Exit codes: 0 ok, 2 bad usage or a missing, unreadable, non-capture or
        truncated file (what was decoded before the damage is still printed).
        """;

    private static readonly HashSet<string> s_valueOptions = [];
    private static readonly HashSet<string> s_flags = ["--events"];

    public static int Execute(IReadOnlyList<string> args, Stream stdout, TextWriter stderr)
    {
        var arguments = new ArgumentReader("replay", args, s_valueOptions, s_flags);
        if (arguments.Positionals.Count != 1)
        {
            throw new UsageException("replay: give exactly one capture file (see 'iplookup-sensor replay --help')");
        }

        string path = arguments.Positionals[0];
        using IPacketSource source = CaptureFile.Open(path);
        using var output = new NdjsonWriter(stdout, flushEachLine: false);
        IDnsEventSink sink = arguments.Flag("--events") ? new EventPrinter(output, observerHostname: null) : NullEventSink.Instance;
        var pipeline = new DnsPipeline(sink, new TcpReassemblyOptions());

        var clock = Stopwatch.StartNew();
        CaptureFileException? damage = null;
        try
        {
            source.Run(_ => pipeline, CancellationToken.None);
        }
        catch (CaptureFileException e)
        {
            damage = e;
        }

        pipeline.Complete();
        output.Flush();
        stderr.WriteLine(RunSummary.Format(path, pipeline.Counters, 0, clock.Elapsed));
        if (damage is not null)
        {
            stderr.WriteLine($"iplookup-sensor: {damage.Message}");
            return ExitCodes.BadUsage;
        }

        return ExitCodes.Ok;
    }
}
