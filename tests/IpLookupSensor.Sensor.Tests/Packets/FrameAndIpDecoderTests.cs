using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Pipeline;
using IpLookupSensor.Sensor.Tests.Support;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;

namespace IpLookupSensor.Sensor.Tests.Packets;

public sealed class FrameAndIpDecoderTests
{
    private static readonly byte[] s_udp4 = Frames.Udp("192.0.2.1", "192.0.2.53", 5353, 53, Query(1, "a.example"));
    private static readonly byte[] s_udp6 = Frames.Udp("2001:db8::1", "2001:db8::53", 5353, 53, Query(1, "a.example"));

    public static TheoryData<int, byte[]> EveryLinkType =>
        new()
        {
            { (int)LinkType.Ethernet, Frames.Ethernet(s_udp4) },
            { (int)LinkType.Ethernet, Frames.Ethernet(s_udp6, 0x88A8, 0x8100) },
            { (int)LinkType.LinuxSll, Frames.Sll(s_udp4) },
            { (int)LinkType.LinuxSll2, Frames.Sll2(s_udp6) },
            { (int)LinkType.Null, Frames.AddressFamily(s_udp6, 30, bigEndian: false) },
            { (int)LinkType.Loop, Frames.AddressFamily(s_udp4, 24, bigEndian: true) },
            { (int)LinkType.RawDlt12, s_udp4 },
            { (int)LinkType.Raw, s_udp6 },
            { (int)LinkType.Ipv4, s_udp4 },
            { (int)LinkType.Ipv6, s_udp6 },
        };

    [Theory]
    [MemberData(nameof(EveryLinkType))]
    public void Decode_EveryLinkType_FindsTheUdpDatagram(int linkType, byte[] frame)
    {
        Assert.Equal(SkipReason.None, FrameDecoder.TryGetIpPacket(linkType, frame, out ReadOnlySpan<byte> ip));
        Assert.Equal(SkipReason.None, IpDecoder.TryDecode(ip, out TransportSegment segment));
        Assert.Equal(Transport.Udp, segment.Transport);
        Assert.Equal(5353, segment.SourcePort);
        Assert.Equal(53, segment.DestinationPort);
        Assert.Equal(Query(1, "a.example"), segment.Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(EveryLinkType))]
    public void Decode_EveryLinkType_CutAnywhere_IsCountedNeverThrows(int linkType, byte[] frame)
    {
        for (int length = 0; length < frame.Length; length++)
        {
            SkipReason status = FrameDecoder.TryGetIpPacket(
                linkType,
                frame.AsSpan(0, length),
                out ReadOnlySpan<byte> ip
            );
            if (status == SkipReason.None)
            {
                status = IpDecoder.TryDecode(ip, out TransportSegment segment);
                Assert.True(status != SkipReason.None || segment.Payload.Length < Query(1, "a.example").Length);
            }
        }
    }

    [Fact]
    public void Decode_UnknownLinkType_IsUnsupported() =>
        Assert.Equal(SkipReason.UnsupportedLinkType, FrameDecoder.TryGetIpPacket(127, s_udp4, out _));

    [Fact]
    public void Decode_EthernetPadding_IsNotPayload()
    {
        byte[] padded = [.. s_udp4, 0, 0, 0, 0, 0, 0];
        Assert.Equal(SkipReason.None, IpDecoder.TryDecode(padded, out TransportSegment segment));
        Assert.Equal(Query(1, "a.example").Length, segment.Payload.Length);
    }

    [Fact]
    public void Decode_Ipv4HeaderLengthBelowMinimum_IsBadHeader()
    {
        byte[] bad = (byte[])s_udp4.Clone();
        bad[0] = 0x44; // IHL 4 words: 16 bytes
        Assert.Equal(SkipReason.IpBadHeader, IpDecoder.TryDecode(bad, out _));
    }

    [Fact]
    public void Decode_TcpSegment_ReadsSequenceFlagsAndPayload()
    {
        byte[] tcp = Frames.Tcp("192.0.2.1", "192.0.2.53", 40000, 53, 123_456, [1, 2, 3], fin: true);
        Assert.Equal(SkipReason.None, IpDecoder.TryDecode(tcp, out TransportSegment segment));
        Assert.Equal(Transport.Tcp, segment.Transport);
        Assert.Equal(123_456u, segment.TcpSequence);
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack | TcpFlags.Psh, segment.TcpFlags);
        Assert.Equal([1, 2, 3], segment.Payload.ToArray());
    }
}
