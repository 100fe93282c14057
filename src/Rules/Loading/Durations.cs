using System.Globalization;

namespace IpLookupSensor.Rules.Loading;

/// <summary>detection-rules durations: "5m", "30s", "1h", "2d".</summary>
internal static class Durations
{
    /// <summary>
    /// Longer is refused: no rule needs it, and the alert throttle's windows, in nanoseconds, wrap past 292 years.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (
            text.Length < 2
            || !long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long value)
        )
        {
            return false;
        }

        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is null || value <= 0 || value > Longest.Ticks / unit.Value.Ticks)
        {
            return false;
        }

        duration = unit.Value * value;
        return true;
    }
}
