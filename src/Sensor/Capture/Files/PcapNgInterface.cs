namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>An Interface Description Block: what its packets' link type and timestamp units are.</summary>
/// <param name="Resolution">if_tsresol: the high bit selects base 2, the rest is the negative exponent.</param>
internal sealed record PcapNgInterface(int LinkType, uint SnapLength, byte Resolution, string? Name)
{
    public TimestampPrecision Precision =>
        (Resolution & 0x80) == 0 && Resolution <= 6 ? TimestampPrecision.Microseconds : TimestampPrecision.Nanoseconds;

    public long ToNanoseconds(ulong ticks)
    {
        int exponent = Resolution & 0x7F;
        if ((Resolution & 0x80) != 0)
        {
            return exponent > 63 ? 0 : (long)(((UInt128)ticks * 1_000_000_000) >> exponent);
        }

        return exponent <= 9 ? (long)(ticks * Pow10(9 - exponent))
            : exponent >= 29 ? 0
            : (long)(ticks / Pow10(exponent - 9));
    }

    private static ulong Pow10(int exponent)
    {
        ulong value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}
