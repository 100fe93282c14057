using System.Globalization;
using IpLookupSensor.Sensor.Capture;

namespace IpLookupSensor.Sensor.Events;

/// <summary>ISO 8601 UTC timestamps with as many fraction digits as the capture really has.</summary>
internal static class TimestampText
{
    public const int MaxLength = 30;

    public static int Format(long nanoseconds, TimestampPrecision precision, Span<char> destination)
    {
        long seconds = Math.DivRem(nanoseconds, 1_000_000_000, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += 1_000_000_000;
        }

        DateTime time = DateTime.UnixEpoch.AddSeconds(seconds);
        time.TryFormat(destination, out int written, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        destination[written++] = '.';
        int digits = (int)precision;
        long value = digits == 9 ? fraction : fraction / 1000;
        value.TryFormat(
            destination[written..],
            out int fractionWritten,
            digits == 9 ? "D9" : "D6",
            CultureInfo.InvariantCulture
        );
        written += fractionWritten;
        destination[written++] = 'Z';
        return written;
    }
}
