using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Windows;
using IpLookupSensor.Attribution.Windows.Etw;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Capture.Live;
using IpLookupSensor.Sensor.Capture.Recording;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Enrichment;
using IpLookupSensor.Sensor.Events;
using Microsoft.Extensions.Logging;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// The parts of a running sensor, built and checked before anything starts: alert output (and its spool), rules,
/// attribution, and the opened capture. Any bad setting stops the start here, with exit code 2 and one line that
/// names the option, the value and what to do.
/// </summary>
internal sealed class SensorRuntime : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private SensorRuntime(SensorOptions options) => Options = options;

    public SensorOptions Options { get; }

    public required NdjsonWriter Stdout { get; init; }

    public required Detector Detector { get; init; }

    public required LiveCaptureSource Source { get; init; }

    public required LiveCaptureOptions CaptureOptions { get; init; }

    public required string RulesPath { get; init; }

    public SyslogOutput? Syslog { get; init; }

    public PcapNgWriter? Pcap { get; init; }

    public static SensorRuntime Create(SensorOptions options, string? configFile, Stream stdout, ILogger logger)
    {
        CheckFiles(options, configFile);
        var owned = new List<IDisposable>();
        try
        {
            var output = Own(owned, new NdjsonWriter(stdout, flushEachLine: true));
            (IAlertSink alerts, SyslogOutput? syslog) = AlertOutputSetup.Create(
                options.Syslog,
                options.Spool.Path,
                options.Spool.Quota,
                output,
                line =>
                {
                    // A destination going down is worth a warning in the journal; everything else it says is news.
                    if (line.Contains(": down: ", StringComparison.Ordinal))
                    {
                        SensorLog.Warning(logger, line);
                    }
                    else
                    {
                        SensorLog.Output(logger, line);
                    }
                }
            );
            if (syslog is not null)
            {
                owned.Add(syslog);
            }

            string rules = string.IsNullOrEmpty(options.Rules) ? DefaultRules(options.Mode) : options.Rules;
            IReadOnlyList<ActiveRule> activeRules = DetectionSetup.LoadRules(
                rules,
                options.StrictNullLogic,
                line => SensorLog.Warning(logger, line)
            );

            IEventAttributor? attributor = Attributor(options);
            if (attributor is IDisposable poller)
            {
                owned.Add(poller); // the history poller's thread
            }

            if (attributor is SocketOwnerAttributor { SelfCheck: false })
            {
                string remedy = OperatingSystem.IsWindows()
                    ? "run as Administrator or as a service"
                    : "run as root, or with CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH";
                SensorLog.Warning(
                    logger,
                    $"attribution could not name this process's own test socket; alerts may lack process and user "
                        + $"({remedy})"
                );
            }

            if (OperatingSystem.IsLinux() && SendTraceStartup.Failure is string noTrace)
            {
                SensorLog.Warning(
                    logger,
                    $"the kernel send trace is off ({noTrace}); a client that exits right after its lookup may go "
                        + $"unnamed (run as root, or add CAP_BPF and CAP_PERFMON)"
                );
            }
            else if (
                OperatingSystem.IsLinux()
                && SendTraceStartup.Trace is not null
                && attributor is SocketOwnerAttributor
            )
            {
                SensorLog.SendTrace(logger);
            }

            var socketOwners = attributor as SocketOwnerAttributor;
            AttributionRecorder? recorder =
                options.RecordAttribution is string recordPath && attributor is not null
                    ? Own(owned, AttributionRecorder.Create(recordPath))
                    : null;

            PcapNgWriter? pcap = options.WritePcap is string pcapPath
                ? Own(owned, PcapNgWriter.Create(pcapPath))
                : null;
            IDnsEventSink? events = options.Events ? new EventPrinter(output, Environment.MachineName) : null;
            // Host mode: /proc reads on a thread of their own, behind a bounded queue (gateway marking is instant).
            AttributionQueue? queue =
                options.Mode == "host" && attributor is not null
                    ? Own(owned, new AttributionQueue(options.Limits.AttributionQueueCapacity))
                    : null;
            ResolverCorrelator? correlator =
                queue is not null && options.ResolverWindowSeconds > 0
                    ? new ResolverCorrelator(
                        TimeSpan.FromSeconds(options.ResolverWindowSeconds),
                        describeProcess: socketOwners is null ? null : socketOwners.DescribeProcess
                    )
                    : null;
            if (correlator is not null && OperatingSystem.IsWindows())
            {
                StartDnsClientTrace(correlator, owned, logger);
            }

            var detector = new Detector(
                activeRules,
                alerts,
                new AlertFactory(Environment.MachineName, TimeProvider.System),
                events,
                attributor,
                queue,
                correlator,
                recorder
            );
            queue?.Start(detector);
            // Correlation needs the connections too, unless the filter was chosen by hand.
            string filter =
                correlator is not null && options.Filter == LiveCaptureOptions.DefaultFilter
                    ? LiveCaptureOptions.DefaultFilterWithConnections
                    : options.Filter;
            LiveCaptureOptions capture =
                options.Mode == "host"
                    ? LiveCaptureOptions.ForHost(options.Interfaces, filter)
                    : LiveCaptureOptions.ForGateway(options.Interfaces, filter);
            capture = capture with
            {
                BufferBytes = options.Limits.CaptureBufferMegabytes << 20,
                SnapLength = options.Limits.SnapLength == 0 ? capture.SnapLength : options.Limits.SnapLength,
            };
            LiveCaptureSource source = Own(owned, LiveCaptureSource.Open(capture));
            if (OperatingSystem.IsLinux() && Privileges.RawSocketLock.Apply() is { } failure)
            {
                SensorLog.Warning(
                    logger,
                    $"could not refuse new raw and packet sockets once capture is open ({failure})"
                );
            }

            var runtime = new SensorRuntime(options)
            {
                Stdout = output,
                Detector = detector,
                Source = source,
                CaptureOptions = capture,
                RulesPath = rules,
                Syslog = syslog,
                Pcap = pcap,
            };
            runtime._owned.AddRange(owned);
            return runtime;
        }
        catch
        {
            DisposeAll(owned);
            throw;
        }
    }

    public void Dispose() => DisposeAll(_owned);

    /// <summary>What a service must not trust: rules or settings anyone can change, a key anyone can read.</summary>
    private static void CheckFiles(SensorOptions options, string? configFile)
    {
        FileSafety.RequireNotWorldWritable(
            string.IsNullOrEmpty(options.Rules) ? DefaultRules(options.Mode) : options.Rules,
            "--rules"
        );
        if (configFile is not null)
        {
            FileSafety.RequireNotWorldWritable(configFile, "--config");
        }

        foreach (string uri in options.Syslog)
        {
            try
            {
                if (SyslogUri.Parse(uri).Tls is { CertificateFile: string certificate } tls)
                {
                    FileSafety.RequirePrivate(tls.KeyFile ?? certificate, $"--syslog {uri}");
                }
            }
            catch (SyslogConfigurationException)
            {
                // Said, with what to write instead, when the outputs are built.
            }
        }
    }

    /// <summary>The shipped rules that fit where the sensor runs: a Linux host's processes never hit the Windows
    /// rule's exclusions, and a gateway sees no processes at all.</summary>
    public static string DefaultRules(string mode) =>
        Path.Combine(
            RuleCatalog.ShippedRulesPath,
            mode == "gateway" ? "gateway"
                : OperatingSystem.IsWindows() ? "windows"
                : OperatingSystem.IsLinux() ? "linux"
                : string.Empty
        );

    private static IEventAttributor? Attributor(SensorOptions options)
    {
        int milliseconds =
            options.HistoryPollMilliseconds
            ?? (OperatingSystem.IsLinux() && SendTraceStartup.Trace is not null ? 0 : 1);
        TimeSpan? poll = milliseconds == 0 ? null : TimeSpan.FromMilliseconds(milliseconds);
        return options.Mode switch
        {
            "gateway" => new GatewayAttributor(),
#pragma warning disable CA2000 // the attributor owns the resolver and its poller thread
            _ when OperatingSystem.IsLinux() => new SocketOwnerAttributor(
                LinuxSocketOwnerResolver.CreateDefault(TimeProvider.System, poll, SendTraceStartup.Trace),
                options.ResolverProcesses
            ),
#pragma warning restore CA2000
            _ when OperatingSystem.IsWindows() => new SocketOwnerAttributor(
                WindowsSocketOwnerResolver.CreateDefault(),
                options.ResolverProcesses
            ),
            _ => null,
        };
    }

    // The DNS Client service's events name the application behind each of its lookups at once, where the connection
    // correlation has to wait for a connection (and misses lookups none follows).
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void StartDnsClientTrace(ResolverCorrelator correlator, List<IDisposable> owned, ILogger logger)
    {
        DnsClientTrace? trace = DnsClientTrace.TryStart(
            (time, pid, name, type) => correlator.Post(new DnsClientLookup(time, pid, name, type)),
            out string? failure
        );
        if (trace is null)
        {
            SensorLog.Warning(
                logger,
                $"the DNS Client ETW session could not start ({failure}); lookups applications make through the DNS "
                    + $"Client service are named only when a connection to an answer follows (run as Administrator)"
            );
            return;
        }

        owned.Add(trace);
    }

    private static T Own<T>(List<IDisposable> owned, T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    private static void DisposeAll(List<IDisposable> owned)
    {
        // Last built, first gone: capture before attribution, the spool last.
        for (int i = owned.Count - 1; i >= 0; i--)
        {
            owned[i].Dispose();
        }
    }
}
