using System.Diagnostics;
using System.Runtime.InteropServices;
using IpLookupSensor.Sensor.Capture.Live;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Cli;

/// <summary><c>run</c>: live capture until Ctrl-C or SIGTERM, then a clean stop with a summary.</summary>
internal static class RunCommand
{
    public const string Usage = """
        usage: iplookup-sensor run [--interface NAME]... [--filter BPF] [--events]

          --interface NAME  capture on NAME (repeatable); default: every interface that is up, loopback included
          --filter BPF      kernel capture filter; default: "udp port 53 or tcp port 53"
          --events          print every DNS event as ECS NDJSON on stdout, not only alerts

        Needs root or CAP_NET_RAW. Stops on Ctrl-C or SIGTERM and prints a summary to stderr.
        """;

    private static readonly HashSet<string> s_valueOptions = ["--interface", "--filter"];
    private static readonly HashSet<string> s_flags = ["--events"];

    public static int Execute(IReadOnlyList<string> args, Stream stdout, TextWriter stderr)
    {
        var arguments = new ArgumentReader("run", args, s_valueOptions, s_flags);
        if (arguments.Positionals.Count > 0)
        {
            throw new UsageException($"run: unexpected argument '{arguments.Positionals[0]}' (interfaces go after --interface)");
        }

        var options = new LiveCaptureOptions
        {
            Interfaces = arguments.Values("--interface"),
            Filter = arguments.Single("--filter") ?? LiveCaptureOptions.DefaultFilter,
        };

        using LiveCaptureSource source = LiveCaptureSource.Open(options);
        using var output = new NdjsonWriter(stdout, flushEachLine: true);
        IDnsEventSink sink = arguments.Flag("--events") ? new EventPrinter(output, Environment.MachineName) : NullEventSink.Instance;

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var pipelines = new List<DnsPipeline>();
        stderr.WriteLine($"iplookup-sensor: capturing on {source.Description} (filter \"{options.Filter}\"); Ctrl-C to stop");
        var clock = Stopwatch.StartNew();
        source.Run(
            _ =>
            {
                var pipeline = new DnsPipeline(sink, new TcpReassemblyOptions());
                lock (pipelines)
                {
                    pipelines.Add(pipeline);
                }

                return pipeline;
            },
            stop.Token);

        var total = new PipelineCounters();
        foreach (DnsPipeline pipeline in pipelines)
        {
            pipeline.Complete();
            total.Add(pipeline.Counters);
        }

        output.Flush();
        stderr.WriteLine(RunSummary.Format(source.Description, total, source.KernelDrops, clock.Elapsed));
        return ExitCodes.Ok;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we stop ourselves, cleanly
            stop.Cancel();
        }
    }
}
