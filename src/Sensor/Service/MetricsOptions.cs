namespace IpLookupSensor.Sensor.Service;

internal sealed class MetricsOptions
{
    /// <summary>Seconds between one-line summaries in the log; 0 turns them off.</summary>
    public int SummaryIntervalSeconds { get; set; } = 300;

    /// <summary>
    /// Serve Prometheus text format at http://ADDRESS:PORT/metrics, e.g. 127.0.0.1:9464; empty: off. Loopback only.
    /// </summary>
    public string? Prometheus { get; set; }
}
