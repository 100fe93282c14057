using System.Diagnostics;
using System.Runtime.InteropServices;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Capture.Live;
using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Windows;
using IpLookupSensor.Sensor.Capture.Recording;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Enrichment;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Cli;

/// <summary><c>run</c>: live capture until Ctrl-C or SIGTERM, then a clean stop with a summary.</summary>
internal static class RunCommand
{
    public static readonly string Usage = $"""
        usage: iplookup-sensor run [--interface NAME]... [--filter BPF] [--mode host|gateway] [--history-poll MS]
                                   [--rules PATH] [--strict-null-logic] [--events]
                                   [--syslog URI]... [--spool DIR] [--spool-quota SIZE]

          --interface NAME     capture on NAME (repeatable); default: every interface that is up, loopback included
          --filter BPF         kernel capture filter; default: "udp port 53 or tcp port 53"
          --mode MODE          host (default): name the local process and user behind each lookup;
                               gateway: the traffic is other hosts', events are marked not_applicable
          --history-poll MS    Linux host mode: how often new processes' sockets are recorded, so a client that
                               exits before its lookup is still named; default 1, 0 turns it off
          --write-pcap FILE    also write every captured frame to FILE (pcapng)
          --record-attribution FILE
                               also write each process and user found to FILE, for replay --attribution
        {DetectionSetup.OptionsUsage}
        {AlertOutputSetup.OptionsUsage}
        Alerts go to stdout as ECS NDJSON, or to the --syslog collectors. Needs root or CAP_NET_RAW. Stops on Ctrl-C or
        SIGTERM, waits up to 10 s for the collectors to have every alert, and prints a summary to stderr.
        """;

    // Sees most clients that live a few milliseconds, for a few percent of one core (bench/README.md).
    private const int DefaultHistoryPollMilliseconds = 1;

    public static int Execute(IReadOnlyList<string> args, Stream stdout, TextWriter stderr)
    {
        var arguments = new ArgumentReader("run", args, ["--interface", "--filter", "--mode", "--write-pcap", "--record-attribution", "--history-poll", .. DetectionSetup.ValueOptions, .. AlertOutputSetup.ValueOptions], DetectionSetup.Flags);
        if (arguments.Positionals.Count > 0)
        {
            throw new UsageException($"run: unexpected argument '{arguments.Positionals[0]}' (interfaces go after --interface)");
        }

        var options = new LiveCaptureOptions
        {
            Interfaces = arguments.Values("--interface"),
            Filter = arguments.Single("--filter") ?? LiveCaptureOptions.DefaultFilter,
        };

        using var output = new NdjsonWriter(stdout, flushEachLine: true);
        string mode = arguments.Single("--mode") ?? "host";
        IEventAttributor? attributor = Attributor(mode, HistoryPoll(arguments.Single("--history-poll")));
        using var attributorLifetime = attributor as IDisposable; // the history poller's thread
        if (attributor is SocketOwnerAttributor { SelfCheck: false })
        {
            string remedy = OperatingSystem.IsWindows() ? "run as Administrator or as a service" : "run as root, or with CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH";
            stderr.WriteLine($"iplookup-sensor: warning: attribution could not name this process's own test socket; alerts may lack process and user ({remedy})");
        }

        using RecordingAttributor? recording = arguments.Single("--record-attribution") is string recordPath && attributor is not null
            ? RecordingAttributor.Create(attributor, recordPath)
            : null;
        using PcapNgWriter? pcap = arguments.Single("--write-pcap") is string pcapPath ? PcapNgWriter.Create(pcapPath) : null;
        attributor = (IEventAttributor?)recording ?? attributor;

        string rules = arguments.Single("--rules") ?? DefaultRules(mode);
        (IAlertSink alerts, SyslogOutput? syslog) = AlertOutputSetup.Create(arguments, output, stderr);
        using SyslogOutput? syslogLifetime = syslog;
        Detector detector = DetectionSetup.Create(arguments, output, alerts, Environment.MachineName, stderr, attributor, rules);
        using LiveCaptureSource source = LiveCaptureSource.Open(options);

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var pipelines = new List<DnsPipeline>();
        stderr.WriteLine($"iplookup-sensor: capturing on {source.Description} (filter \"{options.Filter}\"), {detector.RuleCount} rules from {rules}; Ctrl-C to stop");
        var clock = Stopwatch.StartNew();
        source.Run(
            name =>
            {
                var pipeline = new DnsPipeline(detector, new TcpReassemblyOptions());
                lock (pipelines)
                {
                    pipelines.Add(pipeline);
                }

                return pcap is null ? pipeline : new RecordingPacketHandler(pipeline, pcap, name);
            },
            stop.Token);

        var total = new PipelineCounters();
        foreach (DnsPipeline pipeline in pipelines)
        {
            pipeline.Complete();
            total.Add(pipeline.Counters);
        }

        detector.Complete();
        output.Flush();
        stderr.WriteLine(RunSummary.Format(source.Description, total, detector, source.KernelDrops, clock.Elapsed));
        AlertOutputSetup.Complete(syslog, stderr);
        return ExitCodes.Ok;

        // The shipped rules that fit where the sensor runs: a Linux host's processes never hit the Windows rule's
        // exclusions, and a gateway sees no processes at all.
        static string DefaultRules(string mode) => Path.Combine(RuleCatalog.ShippedRulesPath,
            mode == "gateway" ? "gateway" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsLinux() ? "linux" : string.Empty);

        static TimeSpan? HistoryPoll(string? text) =>
            text is null ? TimeSpan.FromMilliseconds(DefaultHistoryPollMilliseconds)
            : !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int ms) || ms > 1000
                ? throw new UsageException($"--history-poll {text}: give milliseconds from 0 (off) to 1000")
            : ms == 0 ? null : TimeSpan.FromMilliseconds(ms);

        static IEventAttributor? Attributor(string mode, TimeSpan? historyPoll) => mode switch
        {
            "gateway" => new GatewayAttributor(),
#pragma warning disable CA2000 // the attributor owns the resolver and its poller thread
            "host" when OperatingSystem.IsLinux() => new SocketOwnerAttributor(ProcfsSocketOwnerResolver.CreateDefault(TimeProvider.System, historyPoll)),
#pragma warning restore CA2000
            "host" when OperatingSystem.IsWindows() => new SocketOwnerAttributor(WindowsSocketOwnerResolver.CreateDefault()),
            "host" => null,
            _ => throw new UsageException($"--mode {mode}: use host or gateway"),
        };

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we stop ourselves, cleanly
            stop.Cancel();
        }
    }
}
