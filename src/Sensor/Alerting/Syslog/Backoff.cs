namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>
/// Capped exponential backoff with jitter, so sensors that lost the same collector do not return in step.
/// </summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max;
        _next = initial;
    }

    public TimeSpan Next()
    {
        TimeSpan delay = _next * (0.5 + (Random.Shared.NextDouble() / 2));
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _max.Ticks));
        return delay;
    }

    public void Reset() => _next = _initial;
}
