using System.Buffers.Binary;

namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>
/// Walks a pcapng option list (code, length, value padded to 4) without allocating; stops at opt_endofopt or damage.
/// </summary>
internal ref struct PcapNgOptionReader(ReadOnlySpan<byte> options, bool bigEndian)
{
    private ReadOnlySpan<byte> _rest = options;

    public ushort Code { get; private set; }

    public ReadOnlySpan<byte> Value { get; private set; }

    public bool MoveNext()
    {
        if (_rest.Length < 4)
        {
            return false;
        }

        ushort code = bigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(_rest)
            : BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        int length = bigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(_rest[2..])
            : BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]);
        int padded = (length + 3) & ~3;
        if (code == 0 || 4 + padded > _rest.Length)
        {
            return false;
        }

        Code = code;
        Value = _rest.Slice(4, length);
        _rest = _rest[(4 + padded)..];
        return true;
    }
}
