using System.Buffers.Binary;

namespace IpLookupSensor.Corpus;

/// <summary>One side of a conversation: its address (4 or 16 bytes) and port.</summary>
internal readonly record struct Endpoint(byte[] Address, ushort Port)
{
    public bool IsV6 => Address.Length == 16;
}

/// <summary>TCP header fields of one segment.</summary>
internal readonly record struct TcpHeader(uint Sequence, uint Acknowledgment, byte Flags)
{
    public const byte Fin = 0x01,
        Syn = 0x02,
        Push = 0x08,
        Ack = 0x10;
}

/// <summary>
/// Ethernet (optionally 802.1Q-tagged) frames of IPv4 or IPv6 carrying UDP or TCP, with correct checksums.
/// </summary>
internal static class FrameBuilder
{
    private const int EthernetLength = 14;
    private const int VlanTagLength = 4;
    private static readonly byte[] ClientMac = [0x02, 0, 0, 0, 0, 0x10];
    private static readonly byte[] ResolverMac = [0x02, 0, 0, 0, 0, 0x53];

    public static int Udp(
        Span<byte> frame,
        Endpoint from,
        Endpoint to,
        bool toResolver,
        ushort vlan,
        ReadOnlySpan<byte> payload
    )
    {
        int ip = Ethernet(frame, toResolver, vlan, from.IsV6);
        int transport = ip + IpHeader(frame[ip..], from, to, protocol: 17, 8 + payload.Length);
        Span<byte> udp = frame[transport..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], to.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        udp[6] = udp[7] = 0;
        payload.CopyTo(udp[8..]);
        ushort checksum = TransportChecksum(from, to, 17, udp[..(8 + payload.Length)]);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
        return transport + 8 + payload.Length;
    }

    public static int Tcp(
        Span<byte> frame,
        Endpoint from,
        Endpoint to,
        bool toResolver,
        ushort vlan,
        TcpHeader header,
        ReadOnlySpan<byte> payload
    )
    {
        // SYNs carry options (MSS 1460, SACK permitted, timestamps, window scale), as real stacks send them.
        ReadOnlySpan<byte> options =
            (header.Flags & TcpHeader.Syn) != 0
                ? [2, 4, 0x05, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]
                : [];
        int headerLength = 20 + options.Length;
        int ip = Ethernet(frame, toResolver, vlan, from.IsV6);
        int transport = ip + IpHeader(frame[ip..], from, to, protocol: 6, headerLength + payload.Length);
        Span<byte> tcp = frame[transport..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], to.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], header.Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], header.Acknowledgment);
        tcp[12] = (byte)(headerLength / 4 << 4);
        tcp[13] = header.Flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 64240);
        tcp[16] = tcp[17] = tcp[18] = tcp[19] = 0;
        options.CopyTo(tcp[20..]);
        payload.CopyTo(tcp[headerLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(
            tcp[16..],
            TransportChecksum(from, to, 6, tcp[..(headerLength + payload.Length)])
        );
        return transport + headerLength + payload.Length;
    }

    private static int Ethernet(Span<byte> frame, bool toResolver, ushort vlan, bool v6)
    {
        (toResolver ? ResolverMac : ClientMac).CopyTo(frame);
        (toResolver ? ClientMac : ResolverMac).CopyTo(frame[6..]);
        int offset = 12;
        if (vlan != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 2)..], vlan);
            offset += VlanTagLength;
        }

        BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], v6 ? (ushort)0x86DD : (ushort)0x0800);
        return offset + 2;
    }

    private static int IpHeader(Span<byte> ip, Endpoint from, Endpoint to, byte protocol, int payloadLength)
    {
        if (from.IsV6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(ip, 0x6000_0000);
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)payloadLength);
            ip[6] = protocol;
            ip[7] = 64;
            from.Address.CopyTo(ip[8..]);
            to.Address.CopyTo(ip[24..]);
            return 40;
        }

        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + payloadLength));
        BinaryPrimitives.WriteUInt32BigEndian(ip[4..], 0x0000_4000); // id 0, don't fragment
        ip[8] = 64;
        ip[9] = protocol;
        ip[10] = ip[11] = 0;
        from.Address.CopyTo(ip[12..]);
        to.Address.CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Fold(Sum(ip[..20], 0)));
        return 20;
    }

    /// <summary>RFC 768 / RFC 793 / RFC 8200 §8.1: the checksum over the pseudo-header and the segment.</summary>
    private static ushort TransportChecksum(Endpoint from, Endpoint to, byte protocol, ReadOnlySpan<byte> segment)
    {
        ulong sum = Sum(from.Address, 0);
        sum = Sum(to.Address, sum);
        sum += protocol + (ulong)segment.Length;
        return Fold(Sum(segment, sum));
    }

    private static ulong Sum(ReadOnlySpan<byte> data, ulong sum)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        return i < data.Length ? sum + ((ulong)data[i] << 8) : sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
