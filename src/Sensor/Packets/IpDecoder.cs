using System.Buffers.Binary;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Packets;

/// <summary>Decodes an IPv4 or IPv6 packet down to its UDP or TCP segment.</summary>
internal static class IpDecoder
{
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;
    private const int MaxIpv6ExtensionHeaders = 8;

    public static SkipReason TryDecode(ReadOnlySpan<byte> packet, out TransportSegment segment)
    {
        segment = default;
        if (packet.IsEmpty)
        {
            return SkipReason.IpTruncated;
        }

        return (packet[0] >> 4) switch
        {
            4 => TryDecodeV4(packet, ref segment),
            6 => TryDecodeV6(packet, ref segment),
            _ => SkipReason.IpBadHeader,
        };
    }

    // RFC 791 §3.1.
    private static SkipReason TryDecodeV4(ReadOnlySpan<byte> packet, ref TransportSegment segment)
    {
        if (packet.Length < 20)
        {
            return SkipReason.IpTruncated;
        }

        int headerLength = (packet[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (headerLength < 20 || totalLength < headerLength)
        {
            return SkipReason.IpBadHeader;
        }

        if (packet.Length < headerLength)
        {
            return SkipReason.IpTruncated;
        }

        // Trailing link padding is not payload; a short capture (snaplen) keeps what was captured.
        if (totalLength < packet.Length)
        {
            packet = packet[..totalLength];
        }

        // A non-first fragment has no transport header. A first fragment that carries the whole
        // UDP/TCP header is decoded with the payload it has.
        int fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1FFF;
        if (fragmentOffset != 0)
        {
            return SkipReason.IpFragment;
        }

        segment.Source = IpAddressValue.From(packet.Slice(12, 4));
        segment.Destination = IpAddressValue.From(packet.Slice(16, 4));
        return TryDecodeTransport(packet[9], packet[headerLength..], ref segment);
    }

    // RFC 8200 §3-4.
    private static SkipReason TryDecodeV6(ReadOnlySpan<byte> packet, ref TransportSegment segment)
    {
        if (packet.Length < 40)
        {
            return SkipReason.IpTruncated;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (payloadLength != 0 && 40 + payloadLength < packet.Length)
        {
            packet = packet[..(40 + payloadLength)]; // 0 is a jumbogram: the rest of the frame
        }

        segment.Source = IpAddressValue.From(packet.Slice(8, 16));
        segment.Destination = IpAddressValue.From(packet.Slice(24, 16));
        byte next = packet[6];
        ReadOnlySpan<byte> rest = packet[40..];
        for (int count = 0; ; count++)
        {
            if (next is ProtocolUdp or ProtocolTcp)
            {
                return TryDecodeTransport(next, rest, ref segment);
            }

            if (next is not (0 or 43 or 44 or 51 or 60 or 135 or 139 or 140))
            {
                return SkipReason.NotUdpOrTcp; // includes 59 (no next header) and 50 (ESP)
            }

            if (count == MaxIpv6ExtensionHeaders)
            {
                return SkipReason.Ipv6ExtensionHeaders;
            }

            if (rest.Length < 8)
            {
                return SkipReason.IpTruncated;
            }

            int length;
            if (next == 44)
            {
                // Fragment header: only the first fragment (offset 0) has the transport header.
                if ((BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) & 0xFFF8) != 0)
                {
                    return SkipReason.IpFragment;
                }

                length = 8;
            }
            else
            {
                // AH counts 4-octet units minus 2 (RFC 4302 §2.2); the others 8-octet units minus 1.
                length = next == 51 ? (rest[1] + 2) * 4 : (rest[1] + 1) * 8;
            }

            if (rest.Length < length)
            {
                return SkipReason.IpTruncated;
            }

            next = rest[0];
            rest = rest[length..];
        }
    }

    private static SkipReason TryDecodeTransport(byte protocol, ReadOnlySpan<byte> data, ref TransportSegment segment)
    {
        if (protocol == ProtocolUdp)
        {
            // RFC 768.
            if (data.Length < 8)
            {
                return SkipReason.TransportTruncated;
            }

            int udpLength = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
            if (udpLength < 8)
            {
                return SkipReason.TransportTruncated;
            }

            segment.Transport = Transport.Udp;
            segment.Payload = data[8..Math.Min(udpLength, data.Length)];
        }
        else if (protocol == ProtocolTcp)
        {
            // RFC 9293 §3.1.
            if (data.Length < 20)
            {
                return SkipReason.TransportTruncated;
            }

            int headerLength = (data[12] >> 4) * 4;
            if (headerLength < 20 || headerLength > data.Length)
            {
                return SkipReason.TransportTruncated;
            }

            segment.Transport = Transport.Tcp;
            segment.TcpSequence = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            segment.TcpFlags = (TcpFlags)(data[13] & 0x1F);
            segment.Payload = data[headerLength..];
        }
        else
        {
            return SkipReason.NotUdpOrTcp;
        }

        segment.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(data);
        segment.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        return SkipReason.None;
    }
}
