using System.Buffers.Binary;

namespace IpLookupSensor.Sensor.Packets;

/// <summary>
/// Formats IPv4 and IPv6 addresses into a caller's buffer without allocating, exactly as
/// <see cref="System.Net.IPAddress.ToString"/> does (RFC 5952 for IPv6, dotted quad for IPv4-mapped).
/// </summary>
internal static class IpAddressText
{
    /// <summary>Longest form: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".</summary>
    public const int MaxLength = 46;

    public static int Format(ReadOnlySpan<byte> address, Span<char> destination) =>
        address.Length == 4 ? FormatV4(address, destination) : FormatV6(address, destination);

    public static int FormatV4(ReadOnlySpan<byte> address, Span<char> destination)
    {
        int written = 0;
        for (int i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                destination[written++] = '.';
            }

            written += WriteDecimal(address[i], destination[written..]);
        }

        return written;
    }

    public static int FormatV6(ReadOnlySpan<byte> address, Span<char> destination)
    {
        Span<ushort> groups = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = BinaryPrimitives.ReadUInt16BigEndian(address[(i * 2)..]);
        }

        (int zeroStart, int zeroLength) = LongestZeroRun(groups);
        int written = 0;

        // Like IPAddress: IPv4-compatible (::a.b.c.d), mapped (::ffff:a.b.c.d) and translated
        // (::ffff:0:a.b.c.d) addresses keep a dotted tail (RFC 5952 §5).
        int prefix = DottedTailPrefix(groups);
        if (prefix > 0)
        {
            written = prefix switch
            {
                1 => Copy("::", destination),
                2 => Copy("::ffff:", destination),
                _ => Copy("::ffff:0:", destination),
            };
            return written + FormatV4(address[12..], destination[written..]);
        }

        for (int i = 0; i < 8; i++)
        {
            if (i == zeroStart)
            {
                destination[written++] = ':';
                destination[written++] = ':';
                i += zeroLength - 1;
                continue;
            }

            if (written > 0 && destination[written - 1] != ':')
            {
                destination[written++] = ':';
            }

            written += WriteHex(groups[i], destination[written..]);
        }

        return written;
    }

    private static int DottedTailPrefix(ReadOnlySpan<ushort> groups)
    {
        if (groups[0] != 0 || groups[1] != 0 || groups[2] != 0 || groups[3] != 0)
        {
            return 0;
        }

        return (groups[4], groups[5]) switch
        {
            (0, 0) when groups[6] != 0 => 1,
            (0, 0xFFFF) => 2,
            (0xFFFF, 0) => 3,
            _ => 0,
        };
    }

    private static int Copy(string text, Span<char> destination)
    {
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }

    // RFC 5952 §4.2: the longest run of two or more zero groups, the first one on a tie.
    private static (int Start, int Length) LongestZeroRun(ReadOnlySpan<ushort> groups)
    {
        int bestStart = -1,
            bestLength = 0;
        for (int i = 0; i < groups.Length; )
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            int start = i;
            while (i < groups.Length && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        return bestLength >= 2 ? (bestStart, bestLength) : (-1, 0);
    }

    private static int WriteDecimal(int value, Span<char> destination)
    {
        value.TryFormat(destination, out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }

    private static int WriteHex(ushort value, Span<char> destination)
    {
        value.TryFormat(destination, out int written, "x", System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }
}
