using System.Buffers.Binary;

namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// A query message for a name and type (RFC 1035 §4.1: id 0, RD, one question of class IN), for lookups known
/// from another source than a packet, so they go through the same decoder, rules and writers as any other.
/// </summary>
internal static class DnsQueryWire
{
    public const int MaxLength = 12 + 255 + 4;

    /// <summary>
    /// The message's length, or 0 when the name cannot be one on the wire (an empty or over-long label, more than 255
    /// bytes, not ASCII).
    /// </summary>
    public static int Write(string name, ushort type, Span<byte> into)
    {
        ReadOnlySpan<char> rest = name.AsSpan().TrimEnd('.');
        if (rest.IsEmpty || into.Length < MaxLength)
        {
            return 0;
        }

        into[..12].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(into[2..], 0x0100); // RD
        BinaryPrimitives.WriteUInt16BigEndian(into[4..], 1); // one question
        int position = 12;
        while (!rest.IsEmpty)
        {
            int dot = rest.IndexOf('.');
            ReadOnlySpan<char> label = dot < 0 ? rest : rest[..dot];
            if (label.IsEmpty || label.Length > 63 || position + 1 + label.Length > 12 + 254)
            {
                return 0;
            }

            into[position++] = (byte)label.Length;
            foreach (char c in label)
            {
                if (c > 0x7E || c < 0x21)
                {
                    return 0;
                }

                into[position++] = (byte)c;
            }

            rest = dot < 0 ? [] : rest[(dot + 1)..];
        }

        into[position++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(into[position..], type == 0 ? (ushort)1 : type);
        BinaryPrimitives.WriteUInt16BigEndian(into[(position + 2)..], 1); // IN
        return position + 4;
    }
}
