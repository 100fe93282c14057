using System.Diagnostics.Metrics;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// The sensor's instruments (meter <c>IpLookupSensor</c>, readable with <c>dotnet-counters monitor -n iplookup-sensor
/// --counters IpLookupSensor</c>). All are observed from the counters the pipeline keeps anyway, so measuring adds
/// nothing to the packet path.
/// </summary>
internal sealed class SensorMetrics : IDisposable
{
    public const string MeterName = "IpLookupSensor";

    private readonly Meter _meter = new(MeterName);

    public SensorMetrics(SensorRuntime runtime, CaptureService capture)
    {
        _meter.CreateObservableCounter(
            "iplookup.packets",
            () => capture.Totals().Packets,
            "{packet}",
            "frames captured"
        );
        _meter.CreateObservableCounter(
            "iplookup.kernel_drops",
            () => runtime.Source.KernelDrops,
            "{packet}",
            "frames the kernel dropped before the sensor read them"
        );
        _meter.CreateObservableCounter(
            "iplookup.dns_messages",
            () => capture.Totals().DnsMessages,
            "{message}",
            "DNS messages decoded"
        );
        _meter.CreateObservableCounter(
            "iplookup.parse_failures",
            () => Skipped(capture.Totals()),
            "{packet}",
            "packets skipped, by reason"
        );
        _meter.CreateObservableCounter(
            "iplookup.events",
            () => capture.Totals().Events,
            "{event}",
            "DNS events (one per question)"
        );
        _meter.CreateObservableCounter(
            "iplookup.rule_candidates",
            () => runtime.Detector.Candidates,
            "{event}",
            "events a rule could match on packet fields alone"
        );
        _meter.CreateObservableCounter(
            "iplookup.attribution",
            () => Attribution(runtime),
            "{event}",
            "events attribution ran for, by status"
        );
        _meter.CreateObservableCounter(
            "iplookup.attribution_overload",
            () => runtime.Detector.Overloaded,
            "{event}",
            "rule candidates left unattributed because the attribution queue was full"
        );
        if (runtime.Detector.Correlator is { } correlator)
        {
            _meter.CreateObservableCounter(
                "iplookup.resolver_lookups",
                () => ResolverLookups(correlator),
                "{event}",
                "local resolvers' upstream queries let go, by outcome"
            );
            _meter.CreateObservableGauge(
                "iplookup.resolver_lookups_held",
                () => (long)correlator.HeldCount,
                "{event}",
                "resolver queries held for their requester"
            );
            _meter.CreateObservableCounter(
                "iplookup.dns_client_dropped",
                () => correlator.DnsClientDropped,
                "{event}",
                "Windows DNS Client events that did not fit the hand-off (a flood)"
            );
        }

        _meter.CreateObservableCounter("iplookup.alerts", () => runtime.Detector.Alerts, "{alert}", "alerts raised");
        _meter.CreateObservableCounter(
            "iplookup.alerts_suppressed",
            () => runtime.Detector.HeldBack,
            "{alert}",
            "alerts held back by max_signals or alert_suppression"
        );
        if (runtime.Syslog is { } syslog)
        {
            _meter.CreateObservableCounter(
                "iplookup.syslog.queued",
                () => PerDestination(syslog, w => w.Counters.Queued),
                "{alert}"
            );
            _meter.CreateObservableCounter(
                "iplookup.syslog.sent",
                () => PerDestination(syslog, w => w.Counters.Sent),
                "{message}"
            );
            _meter.CreateObservableCounter(
                "iplookup.syslog.failed",
                () => PerDestination(syslog, w => w.Counters.Failed),
                "{failure}"
            );
            _meter.CreateObservableCounter(
                "iplookup.syslog.retried",
                () => PerDestination(syslog, w => w.Counters.Retried),
                "{message}"
            );
            _meter.CreateObservableCounter(
                "iplookup.syslog.dropped",
                () => PerDestination(syslog, w => w.Spool.Dropped),
                "{alert}"
            );
            _meter.CreateObservableGauge(
                "iplookup.syslog.spool_bytes",
                () => PerDestination(syslog, w => w.Spool.Bytes),
                "By"
            );
            _meter.CreateObservableGauge(
                "iplookup.syslog.queue_depth",
                () => PerDestination(syslog, w => w.Spool.Pending),
                "{alert}",
                "alerts spooled and not yet acknowledged"
            );
        }
    }

    public void Dispose() => _meter.Dispose();

    private static List<Measurement<long>> Skipped(PipelineCounters totals)
    {
        var measurements = new List<Measurement<long>>();
        ReadOnlySpan<long> skipped = totals.Skipped;
        for (int i = 1; i < skipped.Length; i++)
        {
            measurements.Add(
                new Measurement<long>(
                    skipped[i],
                    new KeyValuePair<string, object?>("reason", SkipReasons.Name((SkipReason)i))
                )
            );
        }

        return measurements;
    }

    private static IEnumerable<Measurement<long>> Attribution(SensorRuntime runtime) =>
        [
            new(
                runtime.Detector.Attributed(AttributionStatus.Direct),
                new KeyValuePair<string, object?>("status", "direct")
            ),
            new(
                runtime.Detector.Attributed(AttributionStatus.Unattributed),
                new KeyValuePair<string, object?>("status", "unattributed")
            ),
            new(
                runtime.Detector.Attributed(AttributionStatus.NotApplicable),
                new KeyValuePair<string, object?>("status", "not_applicable")
            ),
            new(
                runtime.Detector.Attributed(AttributionStatus.ResolverOnly),
                new KeyValuePair<string, object?>("status", "resolver_only")
            ),
            new(
                runtime.Detector.Attributed(AttributionStatus.ViaResolver),
                new KeyValuePair<string, object?>("status", "via_resolver")
            ),
        ];

    private static IEnumerable<Measurement<long>> ResolverLookups(Correlation.ResolverCorrelator correlator) =>
        [
            new(correlator.Correlated, new KeyValuePair<string, object?>("outcome", "correlated")),
            new(correlator.Uncorrelated, new KeyValuePair<string, object?>("outcome", "uncorrelated")),
            new(correlator.Forwarded, new KeyValuePair<string, object?>("outcome", "forwarded")),
        ];

    private static IEnumerable<Measurement<long>> PerDestination(
        SyslogOutput syslog,
        Func<DestinationWorker, long> value
    ) =>
        syslog.Destinations.Select(w => new Measurement<long>(
            value(w),
            new KeyValuePair<string, object?>("destination", w.Destination.Uri)
        ));
}
