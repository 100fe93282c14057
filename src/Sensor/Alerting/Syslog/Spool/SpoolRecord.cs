using System.Buffers;
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

    /// <summary>One write call per record: a crash leaves at most the last record torn.</summary>
    public static void Write(Stream segment, ReadOnlySpan<byte> message)
    {
        byte[] record = ArrayPool<byte>.Shared.Rent(HeaderBytes + message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(record, message.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(message));
        message.CopyTo(record.AsSpan(HeaderBytes));
        segment.Write(record, 0, HeaderBytes + message.Length);
        ArrayPool<byte>.Shared.Return(record);
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
        if (
            segment.ReadAtLeast(message, length, throwOnEndOfStream: false) < length
            || Crc32.HashToUInt32(message) != BinaryPrimitives.ReadUInt32LittleEndian(header[4..])
        )
        {
            return null;
        }

        return message;
    }
}
