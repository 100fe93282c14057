using System.Buffers.Binary;

namespace IpLookupSensor.Sensor.Packets;

/// <summary>An IPv4 or IPv6 address held in two words, so it can be copied, compared and hashed cheaply.</summary>
internal readonly record struct IpAddressValue
{
    private readonly ulong _high;
    private readonly ulong _low;

    private IpAddressValue(ulong high, ulong low, bool isV6)
    {
        _high = high;
        _low = low;
        IsV6 = isV6;
    }

    public bool IsV6 { get; }

    /// <summary>127.0.0.0/8 or ::1: where local stub resolvers listen.</summary>
    public bool IsLoopback => IsV6 ? _high == 0 && _low == 1 : _low >> 24 == 127;

    public static IpAddressValue From(ReadOnlySpan<byte> address) =>
        address.Length == 4
            ? new IpAddressValue(0, BinaryPrimitives.ReadUInt32BigEndian(address), isV6: false)
            : new IpAddressValue(
                BinaryPrimitives.ReadUInt64BigEndian(address),
                BinaryPrimitives.ReadUInt64BigEndian(address[8..]),
                isV6: true
            );

    public int WriteBytes(Span<byte> destination)
    {
        if (!IsV6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return 4;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return 16;
    }

    public int Format(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        return IpAddressText.Format(bytes[..WriteBytes(bytes)], destination);
    }

    public override string ToString()
    {
        Span<char> text = stackalloc char[IpAddressText.MaxLength];
        return new string(text[..Format(text)]);
    }
}
