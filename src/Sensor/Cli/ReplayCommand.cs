using System.Diagnostics;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Capture.Files;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Enrichment;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Cli;

/// <summary>
/// <c>replay FILE</c>: reads a pcap or pcapng file as if it were live traffic, and prints its alerts.
/// </summary>
internal static class ReplayCommand
{
    public static readonly string Usage = $"""
        usage: iplookup-sensor replay FILE [--attribution RECORD] [--rules PATH] [--strict-null-logic] [--events]
                                     [--syslog URI]... [--spool DIR] [--spool-quota SIZE]

          FILE                 a pcap (micro- or nanosecond) or pcapng capture
          --attribution RECORD the processes and users `run --record-attribution` saw when FILE was captured
        {DetectionSetup.OptionsUsage}
        {AlertOutputSetup.OptionsUsage}
        Alerts go to stdout as ECS NDJSON (or to the --syslog collectors, waiting up to 10 s for them), a summary to
        stderr. Exit codes: 0 ok, 2 bad usage, refused rules only, or a missing, unreadable, non-capture or truncated
        file (what was decoded before the damage is still printed).
        """;

    public static int Execute(IReadOnlyList<string> args, Stream stdout, TextWriter stderr)
    {
        var arguments = new ArgumentReader(
            "replay",
            args,
            ["--attribution", .. DetectionSetup.ValueOptions, .. AlertOutputSetup.ValueOptions],
            DetectionSetup.Flags
        );
        if (arguments.Positionals.Count != 1)
        {
            throw new UsageException("replay: give exactly one capture file (see 'iplookup-sensor replay --help')");
        }

        string path = arguments.Positionals[0];
        using IPacketSource source = CaptureFile.Open(path);
        using var output = new NdjsonWriter(stdout, flushEachLine: false);
        IEventAttributor? attributor = arguments.Single("--attribution") is string record
            ? new RecordedAttributor(record)
            : null;
        (IAlertSink alerts, SyslogOutput? syslog) = AlertOutputSetup.Create(
            arguments,
            output,
            AlertOutputSetup.StderrLog(stderr)
        );
        using SyslogOutput? syslogLifetime = syslog;
        Detector detector = DetectionSetup.Create(
            arguments,
            output,
            alerts,
            observerHostname: null,
            stderr,
            attributor
        );
        var pipeline = new DnsPipeline(detector, new TcpReassemblyOptions());

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
        detector.Complete();
        output.Flush();
        stderr.WriteLine(RunSummary.Format(path, pipeline.Counters, detector, 0, clock.Elapsed));
        AlertOutputSetup.Complete(syslog, stderr);
        if (damage is not null)
        {
            stderr.WriteLine($"iplookup-sensor: {damage.Message}");
            return ExitCodes.BadUsage;
        }

        return ExitCodes.Ok;
    }
}
