using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>
/// Binary SID → "S-1-5-21-…" (MS-DTYP 2.4.2): revision, sub-authority count, a 48-bit big-endian identifier
/// authority, then little-endian 32-bit sub-authorities. Managed, so it is tested without Windows.
/// </summary>
public static class SidFormatter
{
    private const int HeaderSize = 8;
    private const int MaxSubAuthorities = 15;

    /// <exception cref="FormatException">Not a revision-1 SID, or truncated.</exception>
    public static string Format(ReadOnlySpan<byte> sid)
    {
        if (
            sid.Length < HeaderSize
            || sid[0] != 1
            || sid[1] > MaxSubAuthorities
            || sid.Length < HeaderSize + (4 * sid[1])
        )
        {
            throw new FormatException($"not a SID: {Convert.ToHexString(sid[..Math.Min(sid.Length, HeaderSize)])}");
        }

        ulong authority =
            ((ulong)BinaryPrimitives.ReadUInt16BigEndian(sid[2..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(sid[4..]);
        var text = new StringBuilder("S-1-");
        // MS-DTYP: an authority of 2^32 or more is written in hex.
        text.Append(
            authority < 1UL << 32
                ? authority.ToString(CultureInfo.InvariantCulture)
                : "0x" + authority.ToString("X12", CultureInfo.InvariantCulture)
        );
        for (int i = 0; i < sid[1]; i++)
        {
            text.Append('-')
                .Append(
                    BinaryPrimitives
                        .ReadUInt32LittleEndian(sid[(HeaderSize + (4 * i))..])
                        .ToString(CultureInfo.InvariantCulture)
                );
        }

        return text.ToString();
    }

    /// <summary>
    /// The length of the SID at the start of <paramref name="buffer"/>, from its sub-authority count.
    /// </summary>
    public static int Length(ReadOnlySpan<byte> buffer) => buffer.Length < 2 ? 0 : HeaderSize + (4 * buffer[1]);
}
