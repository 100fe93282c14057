using System.Buffers;
using System.Text;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// Reads a domain name off the wire (RFC 1035 §3.1, §4.1.4) into presentation form: lower case (RFC 4343),
/// no trailing dot, <c>\.</c> and <c>\\</c> escaped inside labels, any other byte outside printable ASCII as
/// <c>\DDD</c>. The root name is <c>.</c>.
/// </summary>
internal static class DnsName
{
    /// <summary>RFC 1035 §2.3.4: a name is at most 255 octets on the wire, length bytes included.</summary>
    public const int MaxWireLength = 255;

    /// <summary>RFC 1035 §2.3.4: labels are 63 octets or less.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The longest presentation form: every octet of a 255-octet name escaped as \DDD.</summary>
    public const int MaxPresentationLength = 1024;

    private static readonly SearchValues<byte> PlainLabelBytes = SearchValues.Create([
        .. Enumerable.Range(0x21, 0x7E - 0x21 + 1).Where(b => b is not '.' and not '\\').Select(b => (byte)b),
    ]);

    /// <summary>
    /// Reads the name starting at <paramref name="offset"/> of <paramref name="message"/>.
    /// </summary>
    /// <param name="consumed">Octets the name occupies at <paramref name="offset"/> (up to and including its first
    /// pointer).</param>
    /// <remarks>
    /// RFC 1035 does not say that pointers must point backwards. We require every pointer to target an offset
    /// before the start of the labels it continues, so each jump strictly decreases and no loop can exist; the
    /// 255-octet limit then bounds the work for any input.
    /// </remarks>
    public static SkipReason TryRead(
        ReadOnlySpan<byte> message,
        int offset,
        Span<char> destination,
        out int consumed,
        out int charsWritten
    ) => Walk(message, offset, destination, render: true, out consumed, out charsWritten);

    /// <summary>
    /// Checks the name at <paramref name="offset"/> as <see cref="TryRead"/> does, without rendering it.
    /// </summary>
    public static SkipReason TrySkip(ReadOnlySpan<byte> message, int offset, out int consumed) =>
        Walk(message, offset, default, render: false, out consumed, out _);

    private static SkipReason Walk(
        ReadOnlySpan<byte> message,
        int offset,
        Span<char> destination,
        bool render,
        out int consumed,
        out int charsWritten
    )
    {
        consumed = 0;
        charsWritten = 0;
        int position = offset;
        int pointerLimit = offset;
        int wireLength = 0;
        int written = 0;
        bool jumped = false;

        while (true)
        {
            if ((uint)position >= (uint)message.Length)
            {
                return SkipReason.DnsTruncated;
            }

            byte length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if ((uint)(position + 1) >= (uint)message.Length)
                {
                    return SkipReason.DnsTruncated;
                }

                int target = ((length & 0x3F) << 8) | message[position + 1];
                if (!jumped)
                {
                    consumed = position + 2 - offset;
                    jumped = true;
                }

                if (target >= pointerLimit)
                {
                    return SkipReason.DnsForwardPointer;
                }

                pointerLimit = target;
                position = target;
                continue;
            }

            if (length > MaxLabelLength)
            {
                return SkipReason.DnsLabelTooLong;
            }

            wireLength += 1 + length;
            if (wireLength > MaxWireLength)
            {
                return SkipReason.DnsNameTooLong;
            }

            if (length == 0)
            {
                if (!jumped)
                {
                    consumed = position + 1 - offset;
                }

                if (written == 0 && render)
                {
                    destination[written++] = '.';
                }

                charsWritten = written;
                return SkipReason.None;
            }

            if (position + 1 + length > message.Length)
            {
                return SkipReason.DnsTruncated;
            }

            if (render)
            {
                if (written > 0)
                {
                    destination[written++] = '.';
                }

                written += WriteLabel(message.Slice(position + 1, length), destination[written..]);
            }

            position += 1 + length;
        }
    }

    private static int WriteLabel(ReadOnlySpan<byte> label, Span<char> destination)
    {
        // Nearly every label is printable ASCII without a dot or a backslash: widened and lower-cased in one vector
        // pass.
        if (!label.ContainsAnyExcept(PlainLabelBytes))
        {
            Ascii.ToLower(label, destination, out int lowered);
            return lowered;
        }

        return WriteEscapedLabel(label, destination);
    }

    private static int WriteEscapedLabel(ReadOnlySpan<byte> label, Span<char> destination)
    {
        int written = 0;
        foreach (byte b in label)
        {
            if (b is (byte)'.' or (byte)'\\')
            {
                destination[written++] = '\\';
                destination[written++] = (char)b;
            }
            else if (b is < 0x21 or > 0x7E)
            {
                destination[written++] = '\\';
                destination[written++] = (char)('0' + (b / 100));
                destination[written++] = (char)('0' + (b / 10 % 10));
                destination[written++] = (char)('0' + (b % 10));
            }
            else
            {
                destination[written++] = b is >= (byte)'A' and <= (byte)'Z' ? (char)(b | 0x20) : (char)b;
            }
        }

        return written;
    }
}
