using IpLookupSensor.Rules.Loading;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// Per rule, in event time: at most max_signals alerts per interval (as Elastic runs a rule every interval), the
/// rest counted and reported in one summary per window; and, with alert_suppression, one alert per group per
/// duration with a count of the ones folded into it. Thread-safe: capture threads share it.
/// </summary>
internal sealed class AlertThrottle(DetectionRule rule)
{
    /// <summary>Suppression groups kept at once; beyond it the oldest group is closed early (and summarised).</summary>
    public const int MaxGroups = 10_000;

    private readonly Lock _lock = new();
    private readonly long _interval = rule.Interval.Ticks * 100;
    private readonly long _suppressionDuration = (rule.AlertSuppression?.Duration.Ticks ?? 0) * 100;
    private readonly Dictionary<string, (long Start, long Count)> _groups = new(StringComparer.Ordinal);
    private readonly Queue<(string Group, long Start)> _groupOrder = new(); // oldest first: expiry is O(1) per group
    private long _window = long.MinValue;
    private int _alertsInWindow;
    private long _overLimit;

    public ThrottleDecision Admit(long timestamp, string? group, List<ThrottleSummary> closed)
    {
        lock (_lock)
        {
            long window = timestamp - (((timestamp % _interval) + _interval) % _interval);
            if (window > _window)
            {
                CloseWindow(closed);
                _window = window;
            }

            if (group is not null && _suppressionDuration > 0)
            {
                CloseExpiredGroups(timestamp, closed);
                if (_groups.TryGetValue(group, out (long Start, long Count) held))
                {
                    _groups[group] = (held.Start, held.Count + 1);
                    return ThrottleDecision.Suppressed;
                }

                _groups[group] = (timestamp, 0);
                _groupOrder.Enqueue((group, timestamp));
            }

            if (_alertsInWindow >= rule.MaxSignals)
            {
                _overLimit++;
                return ThrottleDecision.OverLimit;
            }

            _alertsInWindow++;
            return ThrottleDecision.Alert;
        }
    }

    /// <summary>Closes everything still open, as at the end of a replay or on shutdown.</summary>
    public void Flush(List<ThrottleSummary> closed)
    {
        lock (_lock)
        {
            CloseWindow(closed);
            CloseExpiredGroups(long.MaxValue, closed);
        }
    }

    private void CloseWindow(List<ThrottleSummary> closed)
    {
        if (_overLimit > 0)
        {
            closed.Add(new ThrottleSummary(rule, _window, _window + _interval, _overLimit, Group: null));
        }

        _alertsInWindow = 0;
        _overLimit = 0;
    }

    private void CloseExpiredGroups(long now, List<ThrottleSummary> closed)
    {
        while (
            _groupOrder.TryPeek(out (string Group, long Start) oldest)
            && (now == long.MaxValue || now - oldest.Start >= _suppressionDuration || _groups.Count >= MaxGroups)
        )
        {
            _groupOrder.Dequeue();
            if (!_groups.TryGetValue(oldest.Group, out (long Start, long Count) held) || held.Start != oldest.Start)
            {
                continue; // an older entry of a group that was closed and opened again
            }

            if (held.Count > 0)
            {
                closed.Add(
                    new ThrottleSummary(rule, held.Start, held.Start + _suppressionDuration, held.Count, oldest.Group)
                );
            }

            _groups.Remove(oldest.Group);
        }
    }
}
