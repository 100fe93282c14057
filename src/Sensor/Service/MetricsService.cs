using System.Globalization;
using System.Text;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// The periodic one-line summary (Metrics:SummaryIntervalSeconds), a warning within 10 s when the kernel drops
/// packets (at most one a minute), and the optional Prometheus endpoint.
/// </summary>
internal sealed class MetricsService(
    SensorRuntime runtime,
    CaptureService capture,
    SensorMetrics metrics,
    ILogger<MetricsService> logger
) : IHostedService, IDisposable
{
    // Drops are looked at every 10 s, and warned about at most once a minute.
    private static readonly TimeSpan s_dropCheck = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_dropWarning = TimeSpan.FromMinutes(1);

    private Timer? _timer;
    private Timer? _dropTimer;
    private PrometheusEndpoint? _prometheus;
    private long _lastPackets;
    private long _warnedDrops;
    private long _lastWarning = long.MinValue;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(runtime.Options.Metrics.Prometheus))
        {
            _prometheus = PrometheusEndpoint.Start(runtime.Options.Metrics.Prometheus);
            SensorLog.Prometheus(logger, runtime.Options.Metrics.Prometheus);
        }

        _dropTimer = new Timer(_ => CheckDrops(), null, s_dropCheck, s_dropCheck);
        int seconds = runtime.Options.Metrics.SummaryIntervalSeconds;
        if (seconds > 0)
        {
            _timer = new Timer(
                _ => Report(seconds),
                null,
                TimeSpan.FromSeconds(seconds),
                TimeSpan.FromSeconds(seconds)
            );
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        _dropTimer?.Dispose();
        _dropTimer = null;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _dropTimer?.Dispose();
        _prometheus?.Dispose();
        metrics.Dispose();
    }

    private void Report(int seconds)
    {
        PipelineCounters totals = capture.Totals();
        long drops = runtime.Source.KernelDrops;
        var line = new StringBuilder();
        IFormatProvider inv = CultureInfo.InvariantCulture;
        line.Append(
            inv,
            $"last {seconds} s: {totals.Packets - _lastPackets} packets; total {totals.Packets} packets, "
                + $"{totals.DnsMessages} DNS messages, "
        );
        line.Append(
            inv,
            $"{totals.Events} events, {runtime.Detector.Candidates} candidates, {runtime.Detector.Alerts} alerts "
                + $"({runtime.Detector.HeldBack} held back), "
        );
        line.Append(
            inv,
            $"attribution {runtime.Detector.Attributed(AttributionStatus.Direct)} direct / "
                + $"{runtime.Detector.Attributed(AttributionStatus.ViaResolver)} via resolver / "
                + $"{runtime.Detector.Attributed(AttributionStatus.Unattributed)} unattributed "
                + $"({runtime.Detector.Overloaded} overload), kernel drops {drops}"
        );
        if (runtime.Syslog is { } syslog)
        {
            foreach (Alerting.Syslog.DestinationWorker w in syslog.Destinations)
            {
                line.Append(
                    inv,
                    $"; syslog {w.Destination.Uri}: sent {w.Counters.Sent}, waiting {w.Spool.Pending}, dropped "
                        + $"{w.Spool.Dropped}"
                );
            }
        }

        SensorLog.Summary(logger, line.ToString());
        _lastPackets = totals.Packets;
    }

    private void CheckDrops()
    {
        long drops = runtime.Source.KernelDrops;
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (
            drops > _warnedDrops
            && (
                _lastWarning == long.MinValue
                || System.Diagnostics.Stopwatch.GetElapsedTime(_lastWarning, now) >= s_dropWarning
            )
        )
        {
            SensorLog.KernelDrops(logger, drops - _warnedDrops, drops);
            (_warnedDrops, _lastWarning) = (drops, now);
        }
    }
}
