using System.Buffers.Binary;
using System.Text;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>
/// A UNICODE_STRING that NtQueryInformationProcess wrote together with its text (x64 layout: Length u16,
/// MaximumLength u16, 4 bytes of padding, Buffer pointer): the text is read only where it lies inside the buffer.
/// </summary>
public static class UnicodeStringReader
{
    public const int HeaderLength = 16;

    /// <param name="bufferAddress">Where <paramref name="buffer"/> was in memory when Windows wrote the
    /// pointer.</param>
    public static string? Read(ReadOnlySpan<byte> buffer, ulong bufferAddress)
    {
        if (buffer.Length < HeaderLength)
        {
            return null;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
        ulong pointer = BinaryPrimitives.ReadUInt64LittleEndian(buffer[8..]);
        if (length == 0)
        {
            return string.Empty;
        }

        if (pointer < bufferAddress || pointer - bufferAddress > (ulong)buffer.Length || (length & 1) != 0)
        {
            return null;
        }

        int offset = (int)(pointer - bufferAddress);
        return offset + length <= buffer.Length ? Encoding.Unicode.GetString(buffer.Slice(offset, length)) : null;
    }
}
