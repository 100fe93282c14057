using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using IpLookupSensor.Attribution.Linux.SockDiag;
using static IpLookupSensor.Attribution.Tests.Support.SockDiagReplies;

namespace IpLookupSensor.Attribution.Tests.Linux;

public sealed class SockDiagCodecTests
{
    [Fact]
    public void BuildDumpRequest_Ipv4Udp_IsTheKernelsLayout()
    {
        var buffer = new byte[SockDiagCodec.PortFilteredRequestLength];
        int length = SockDiagCodec.BuildDumpRequest(
            buffer,
            AddressFamily.InterNetwork,
            SocketTransport.Udp,
            sequence: 7
        );

        byte[] expected = new byte[72];
        expected[0] = 72; // nlmsg_len
        expected[4] = 20; // SOCK_DIAG_BY_FAMILY
        expected[6] = 0x01; // NLM_F_REQUEST
        expected[7] = 0x03; // NLM_F_DUMP (0x300)
        expected[8] = 7; // sequence
        expected[16] = 2; // AF_INET
        expected[17] = 17; // IPPROTO_UDP
        expected.AsSpan(20, 4).Fill(0xFF); // every state
        expected.AsSpan(64, 8).Fill(0xFF); // INET_DIAG_NOCOOKIE
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void BuildDumpRequest_WithAPort_AddsABytecodeFilterThatRejectsByJumpingPastTheEnd()
    {
        var buffer = new byte[SockDiagCodec.PortFilteredRequestLength];
        int length = SockDiagCodec.BuildDumpRequest(
            buffer,
            AddressFamily.InterNetworkV6,
            SocketTransport.Tcp,
            1,
            localPort: 53
        );

        Assert.Equal(92, length);
        Assert.Equal(92u, BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        Assert.Equal((10, 6), (buffer[16], buffer[17]));
        // nlattr {len 20, INET_DIAG_REQ_BYTECODE}, then S_GE 53 and S_LE 53 ({code, yes, no} + {0, 0, port}).
        byte[] attribute = [20, 0, 1, 0, 2, 8, 20, 0, 0, 0, 53, 0, 3, 8, 12, 0, 0, 0, 53, 0];
        Assert.Equal(attribute, buffer[72..92]);
    }

    [Fact]
    public void ParseMessages_SeveralAlignedMessagesThenDone_ReadsEachSocket()
    {
        byte[] datagram =
        [
            .. DiagMessage(
                1,
                family: 2,
                state: 7,
                IPAddress.Parse("127.0.0.1"),
                50000,
                IPAddress.Any,
                0,
                uid: 1000,
                inode: 777,
                padding: 4
            ),
            .. DiagMessage(
                1,
                family: 10,
                state: 1,
                IPAddress.Parse("::1"),
                5353,
                IPAddress.Parse("2001:db8::35"),
                53,
                uid: 0,
                inode: 778
            ),
            .. Done(1),
        ];
        var entries = new List<Attribution.SocketEntry>();

        SockDiagStatus status = SockDiagCodec.ParseMessages(datagram, 1, SocketTransport.Udp, entries, out int error);

        Assert.Equal((SockDiagStatus.Done, 0), (status, error));
        Assert.Equal(2, entries.Count);
        Assert.Equal(
            (IPAddress.Loopback, (ushort)50000, 7, 1000u, 777ul),
            (entries[0].LocalAddress, entries[0].LocalPort, entries[0].State, entries[0].Uid, entries[0].Inode)
        );
        Assert.Equal(
            (IPAddress.IPv6Loopback, (ushort)5353, IPAddress.Parse("2001:db8::35"), (ushort)53, 778ul),
            (
                entries[1].LocalAddress,
                entries[1].LocalPort,
                entries[1].RemoteAddress,
                entries[1].RemotePort,
                entries[1].Inode
            )
        );
    }

    [Fact]
    public void ParseMessages_NoDoneYet_AsksForMore()
    {
        byte[] datagram = DiagMessage(4, 2, 7, IPAddress.Loopback, 1, IPAddress.Any, 0, 0, 1);
        var entries = new List<Attribution.SocketEntry>();
        Assert.Equal(
            SockDiagStatus.More,
            SockDiagCodec.ParseMessages(datagram, 4, SocketTransport.Udp, entries, out _)
        );
        Assert.Single(entries);
    }

    [Fact]
    public void ParseMessages_AnErrorMessage_GivesItsErrno()
    {
        byte[] datagram = [.. Header(9, type: 2, bodyLength: 20), .. BitConverter.GetBytes(-2), .. new byte[16]];
        Assert.Equal(
            SockDiagStatus.Error,
            SockDiagCodec.ParseMessages(datagram, 9, SocketTransport.Udp, [], out int error)
        );
        Assert.Equal(2, error); // ENOENT: the udp_diag module is missing
    }

    [Fact]
    public void ParseMessages_RepliesToAnEarlierRequest_AreSkipped()
    {
        byte[] datagram =
        [
            .. DiagMessage(3, 2, 7, IPAddress.Loopback, 1, IPAddress.Any, 0, 0, 1),
            .. Done(3),
            .. Done(4),
        ];
        var entries = new List<Attribution.SocketEntry>();
        Assert.Equal(
            SockDiagStatus.Done,
            SockDiagCodec.ParseMessages(datagram, 4, SocketTransport.Udp, entries, out _)
        );
        Assert.Empty(entries);
    }

    [Theory]
    [InlineData(15)] // shorter than a header
    [InlineData(200)] // longer than the datagram
    public void ParseMessages_ALengthThatDoesNotFit_IsAnErrorNotAnException(int length)
    {
        byte[] datagram = DiagMessage(1, 2, 7, IPAddress.Loopback, 1, IPAddress.Any, 0, 0, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(datagram, (uint)length);
        Assert.Equal(SockDiagStatus.Error, SockDiagCodec.ParseMessages(datagram, 1, SocketTransport.Udp, [], out _));
    }

    [Fact]
    public void ParseMessages_ADiagMessageCutShort_IsAnError()
    {
        byte[] datagram = [.. Header(1, 20, 40), .. new byte[40]];
        Assert.Equal(SockDiagStatus.Error, SockDiagCodec.ParseMessages(datagram, 1, SocketTransport.Udp, [], out _));
    }
}
