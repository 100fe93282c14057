using System.Buffers.Binary;
using System.IO.Hashing;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Spool;

/// <summary>
/// One record in a segment file: length (4 bytes, little-endian), CRC-32 of the message (4 bytes), the message. A
/// record cut short by a crash or a bad CRC ends the readable part of its segment.
/// </summary>
internal static class SpoolRecord
{
    public const int HeaderBytes = 8;
    public const int MaxMessageBytes = 1 << 21;

    public static void Write(Stream segment, ReadOnlySpan<byte> message)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, message.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(message));
        segment.Write(header);
        segment.Write(message);
    }

    /// <summary>Reads the record at the stream's position; null at the end of the valid data.</summary>
    public static byte[]? TryRead(Stream segment)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (segment.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
        {
            return null;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is <= 0 or > MaxMessageBytes)
        {
            return null;
        }

        byte[] message = new byte[length];
        if (segment.ReadAtLeast(message, length, throwOnEndOfStream: false) < length
            || Crc32.HashToUInt32(message) != BinaryPrimitives.ReadUInt32LittleEndian(header[4..]))
        {
            return null;
        }

        return message;
    }
}
