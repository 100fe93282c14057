namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>What happened to one destination's alerts (issue 5's visibility list).</summary>
internal sealed class DestinationCounters
{
    private long _queued;
    private long _sent;
    private long _failed;
    private long _retried;

    /// <summary>Alerts written to the spool.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Messages written to the collector's socket (drop summaries included).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Connection attempts and sends that failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Messages sent again after a failure cut their batch short.</summary>
    public long Retried => Interlocked.Read(ref _retried);

    public void AddQueued() => Interlocked.Increment(ref _queued);

    public void AddSent(long count) => Interlocked.Add(ref _sent, count);

    public void AddFailed() => Interlocked.Increment(ref _failed);

    public void AddRetried(long count) => Interlocked.Add(ref _retried, count);
}
