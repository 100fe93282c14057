using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using PacketDotNet;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>
/// Builds frames with PacketDotNet (an encoder independent of ours) and, for what it cannot express, by
/// editing its bytes. IP packets come without a link header; the link helpers add one.
/// </summary>
internal static class Frames
{
    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort EtherTypeIpv6 = 0x86DD;

    private static readonly PhysicalAddress s_client = PhysicalAddress.Parse("02-00-00-00-00-01");
    private static readonly PhysicalAddress s_server = PhysicalAddress.Parse("02-00-00-00-00-02");

    public static byte[] Udp(
        string source,
        string destination,
        ushort sourcePort,
        ushort destinationPort,
        byte[] payload
    )
    {
        var udp = new UdpPacket(sourcePort, destinationPort) { PayloadData = payload };
        return Ip(source, destination, udp);
    }

    public static byte[] Tcp(
        string source,
        string destination,
        ushort sourcePort,
        ushort destinationPort,
        uint sequence,
        byte[] payload,
        bool syn = false,
        bool fin = false,
        bool rst = false
    )
    {
        var tcp = new TcpPacket(sourcePort, destinationPort)
        {
            SequenceNumber = sequence,
            Synchronize = syn,
            Finished = fin,
            Reset = rst,
            Acknowledgment = !syn,
            Push = payload.Length > 0,
            WindowSize = 65535,
            PayloadData = payload,
        };
        return Ip(source, destination, tcp);
    }

    public static byte[] Ethernet(byte[] ip, params ushort[] vlanTagTypes)
    {
        ushort etherType = (ip[0] >> 4) == 6 ? EtherTypeIpv6 : EtherTypeIpv4;
        var ethernet = new EthernetPacket(s_client, s_server, EthernetType.None);
        var header = ethernet.Bytes.AsSpan(0, 12).ToArray().ToList();
        ushort vlan = 100;
        foreach (ushort tagType in vlanTagTypes)
        {
            header.AddRange([(byte)(tagType >> 8), (byte)tagType, (byte)(vlan >> 8), (byte)vlan]);
            vlan++;
        }

        header.AddRange([(byte)(etherType >> 8), (byte)etherType]);
        return [.. header, .. ip];
    }

    /// <summary>Linux cooked capture v1 (LINKTYPE_LINUX_SLL): 16 bytes, protocol last.</summary>
    public static byte[] Sll(byte[] ip)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(header, 0); // packet type: to us
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 772); // ARPHRD_LOOPBACK
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), EtherTypeOf(ip));
        return [.. header, .. ip];
    }

    /// <summary>Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): 20 bytes, protocol first.</summary>
    public static byte[] Sll2(byte[] ip)
    {
        var header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, EtherTypeOf(ip));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 1); // interface index
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), 772);
        return [.. header, .. ip];
    }

    /// <summary>BSD loopback: the address family in the writer's byte order (NULL) or network order (LOOP).</summary>
    public static byte[] AddressFamily(byte[] ip, uint ipv6Family, bool bigEndian)
    {
        uint family = (ip[0] >> 4) == 6 ? ipv6Family : 2;
        var header = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, family);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, family);
        }

        return [.. header, .. ip];
    }

    /// <summary>Adds IPv4 options (NOPs and an end-of-list) to a packet, fixing lengths and checksum.</summary>
    public static byte[] WithIpv4Options(byte[] ip, int optionWords)
    {
        int headerLength = (ip[0] & 0x0F) * 4;
        byte[] options = Enumerable.Repeat((byte)1, (optionWords * 4) - 1).Append((byte)0).ToArray();
        byte[] result = [.. ip.AsSpan(0, headerLength), .. options, .. ip.AsSpan(headerLength)];
        result[0] = (byte)(0x40 | ((headerLength / 4) + optionWords));
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)result.Length);
        FixIpv4Checksum(result);
        return result;
    }

    /// <summary>
    /// Cuts an IPv4 packet into a first fragment of <paramref name="firstPayloadBytes"/> and the rest.
    /// </summary>
    public static (byte[] First, byte[] Remainder) Fragment(byte[] ip, int firstPayloadBytes)
    {
        int headerLength = (ip[0] & 0x0F) * 4;
        byte[] first = ip[..(headerLength + firstPayloadBytes)];
        byte[] rest = [.. ip.AsSpan(0, headerLength), .. ip.AsSpan(headerLength + firstPayloadBytes)];
        BinaryPrimitives.WriteUInt16BigEndian(first.AsSpan(2), (ushort)first.Length);
        BinaryPrimitives.WriteUInt16BigEndian(first.AsSpan(6), 0x2000); // more fragments, offset 0
        BinaryPrimitives.WriteUInt16BigEndian(rest.AsSpan(2), (ushort)rest.Length);
        BinaryPrimitives.WriteUInt16BigEndian(rest.AsSpan(6), (ushort)(firstPayloadBytes / 8));
        FixIpv4Checksum(first);
        FixIpv4Checksum(rest);
        return (first, rest);
    }

    /// <summary>
    /// Inserts IPv6 extension headers (8 bytes each, given by next-header code) before the transport header.
    /// </summary>
    public static byte[] WithIpv6Extensions(byte[] ip, params byte[] extensionTypes)
    {
        byte transport = ip[6];
        var extensions = new List<byte>();
        for (int i = 0; i < extensionTypes.Length; i++)
        {
            byte next = i + 1 < extensionTypes.Length ? extensionTypes[i + 1] : transport;
            byte[] header =
                extensionTypes[i] == 44
                    ? [next, 0, 0, 0, 0, 0, 0, 1] // fragment header: offset 0, identification 1
                    : [next, 0, 1, 4, 0, 0, 0, 0]; // options header with one PadN option
            extensions.AddRange(header);
        }

        byte[] result = [.. ip.AsSpan(0, 40), .. extensions, .. ip.AsSpan(40)];
        result[6] = extensionTypes[0];
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), (ushort)(result.Length - 40));
        return result;
    }

    private static byte[] Ip(string source, string destination, TransportPacket transport)
    {
        IPAddress from = IPAddress.Parse(source);
        IPAddress to = IPAddress.Parse(destination);
        IPPacket ip =
            from.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? new IPv6Packet(from, to) { HopLimit = 64 }
                : new IPv4Packet(from, to) { TimeToLive = 64 };
        ip.PayloadPacket = transport;
        ip.UpdateCalculatedValues();
        transport.UpdateCalculatedValues();
        if (transport is UdpPacket udp)
        {
            udp.UpdateUdpChecksum();
        }
        else if (transport is TcpPacket tcp)
        {
            tcp.UpdateTcpChecksum();
        }

        if (ip is IPv4Packet v4)
        {
            v4.UpdateIPChecksum();
        }

        return ip.Bytes;
    }

    private static ushort EtherTypeOf(byte[] ip) => (ip[0] >> 4) == 6 ? EtherTypeIpv6 : EtherTypeIpv4;

    private static void FixIpv4Checksum(byte[] ip)
    {
        int headerLength = (ip[0] & 0x0F) * 4;
        ip[10] = ip[11] = 0;
        uint sum = 0;
        for (int i = 0; i < headerLength; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip.AsSpan(i));
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), (ushort)~sum);
    }
}
