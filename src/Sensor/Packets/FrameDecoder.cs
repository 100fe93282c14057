using System.Buffers.Binary;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Packets;

/// <summary>Strips the link-layer header of a captured frame and returns the IP packet inside it.</summary>
internal static class FrameDecoder
{
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort EtherTypeIpv6 = 0x86DD;
    private const ushort EtherTypeVlan = 0x8100; // IEEE 802.1Q
    private const ushort EtherTypeQinQ = 0x88A8; // IEEE 802.1ad
    private const ushort EtherTypeQinQOld = 0x9100; // pre-standard QinQ
    private const int MaxVlanTags = 4;

    public static SkipReason TryGetIpPacket(int linkType, ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> ip)
    {
        ip = default;
        switch (linkType)
        {
            case (int)LinkType.Ethernet:
                return TryEthernet(frame, out ip);
            case (int)LinkType.LinuxSll:
                // 16-byte cooked header; protocol type (an EtherType) at offset 14.
                return TryEtherType(frame, 16, 14, out ip);
            case (int)LinkType.LinuxSll2:
                // 20-byte cooked header v2; protocol type at offset 0.
                return TryEtherType(frame, 20, 0, out ip);
            case (int)LinkType.Null:
                return TryAddressFamily(frame, networkOrder: false, out ip);
            case (int)LinkType.Loop:
                return TryAddressFamily(frame, networkOrder: true, out ip);
            case (int)LinkType.Raw or (int)LinkType.RawDlt12 or (int)LinkType.Ipv4 or (int)LinkType.Ipv6:
                ip = frame;
                return SkipReason.None;
            default:
                return SkipReason.UnsupportedLinkType;
        }
    }

    private static SkipReason TryEthernet(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> ip)
    {
        ip = default;
        int typeOffset = 12;
        for (int tags = 0; ; tags++)
        {
            if (frame.Length < typeOffset + 2)
            {
                return SkipReason.LinkTruncated;
            }

            ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[typeOffset..]);
            if (etherType is not (EtherTypeVlan or EtherTypeQinQ or EtherTypeQinQOld))
            {
                return TryEtherType(frame, typeOffset + 2, typeOffset, out ip);
            }

            if (tags == MaxVlanTags)
            {
                return SkipReason.NotIp;
            }

            typeOffset += 4; // tag control information, then the next EtherType
        }
    }

    private static SkipReason TryEtherType(
        ReadOnlySpan<byte> frame,
        int headerLength,
        int typeOffset,
        out ReadOnlySpan<byte> ip
    )
    {
        ip = default;
        if (frame.Length < headerLength)
        {
            return SkipReason.LinkTruncated;
        }

        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[typeOffset..]);
        if (etherType is not (EtherTypeIpv4 or EtherTypeIpv6))
        {
            return SkipReason.NotIp;
        }

        ip = frame[headerLength..];
        return SkipReason.None;
    }

    // BSD AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).
    private static SkipReason TryAddressFamily(ReadOnlySpan<byte> frame, bool networkOrder, out ReadOnlySpan<byte> ip)
    {
        ip = default;
        if (frame.Length < 4)
        {
            return SkipReason.LinkTruncated;
        }

        uint family = networkOrder
            ? BinaryPrimitives.ReadUInt32BigEndian(frame)
            : BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (!networkOrder && family > 0xFFFF)
        {
            // Written by a big-endian host: the file does not say which, the value does.
            family = BinaryPrimitives.ReverseEndianness(family);
        }

        if (family is not (2 or 24 or 28 or 30))
        {
            return SkipReason.NotIp;
        }

        ip = frame[4..];
        return SkipReason.None;
    }
}
