using System.Buffers.Binary;
using System.Text;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>Builds DNS messages byte by byte, well-formed or deliberately not.</summary>
internal static class DnsWire
{
    public const ushort FlagResponse = 0x8000;
    public const ushort FlagAuthoritative = 0x0400;
    public const ushort FlagRecursionDesired = 0x0100;
    public const ushort FlagRecursionAvailable = 0x0080;

    public static byte[] Header(ushort id, ushort flags, int qd, int an = 0, int ns = 0, int ar = 0)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), flags);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)qd);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)an);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), (ushort)ns);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)ar);
        return header;
    }

    /// <summary>A name from dotted text, each label taken byte for byte (Latin-1), no compression.</summary>
    public static byte[] Name(string dotted)
    {
        var bytes = new List<byte>();
        if (dotted.Length > 0)
        {
            foreach (string label in dotted.Split('.'))
            {
                bytes.Add((byte)label.Length);
                bytes.AddRange(Encoding.Latin1.GetBytes(label));
            }
        }

        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>A name made of raw labels, for bytes that dotted text cannot carry (dots, NUL, 0xFF).</summary>
    public static byte[] Labels(params byte[][] labels)
    {
        var bytes = new List<byte>();
        foreach (byte[] label in labels)
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(label);
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public static byte[] Pointer(int offset) => [(byte)(0xC0 | (offset >> 8)), (byte)offset];

    public static byte[] Question(byte[] name, ushort type = 1, ushort @class = 1) =>
        [.. name, (byte)(type >> 8), (byte)type, (byte)(@class >> 8), (byte)@class];

    public static byte[] Record(byte[] name, ushort type, uint ttl, byte[] data, ushort @class = 1)
    {
        var fixedPart = new byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, type);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(2), @class);
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart.AsSpan(4), ttl);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart.AsSpan(8), (ushort)data.Length);
        return [.. name, .. fixedPart, .. data];
    }

    /// <summary>An EDNS0 OPT pseudo-record (RFC 6891 §6.1.2).</summary>
    public static byte[] Opt(ushort udpSize, bool dnssecOk, byte extendedRcode = 0) =>
        Record([0], 41, ((uint)extendedRcode << 24) | (dnssecOk ? 0x8000u : 0), [], udpSize);

    public static byte[] Query(ushort id, string name, ushort type = 1) =>
        [.. Header(id, FlagRecursionDesired, 1), .. Question(Name(name), type)];

    /// <summary>A response whose answers point back at the question name (offset 12).</summary>
    public static byte[] Response(ushort id, string name, ushort type, params byte[][] answers)
    {
        var message = new List<byte>(
            Header(id, FlagResponse | FlagRecursionDesired | FlagRecursionAvailable, 1, answers.Length)
        );
        message.AddRange(Question(Name(name), type));
        foreach (byte[] answer in answers)
        {
            message.AddRange(answer);
        }

        return [.. message];
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>A DNS-over-TCP frame: the message with its 2-byte length prefix (RFC 1035 §4.2.2).</summary>
    public static byte[] TcpFramed(byte[] message) => [(byte)(message.Length >> 8), (byte)message.Length, .. message];
}
