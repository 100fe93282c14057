using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace IpLookupSensor.Attribution.Linux.SockDiag;

/// <summary>
/// The bytes of a netlink sock_diag exchange (sock_diag(7), include/uapi/linux/inet_diag.h): a dump request for
/// one family and protocol, optionally narrowed by the kernel to one local port, and the inet_diag_msg replies.
/// All fields are host order except the ports and addresses in the socket id, which are network order.
/// </summary>
public static class SockDiagCodec
{
    public const int RequestLength = HeaderLength + 56;
    public const int PortFilteredRequestLength = RequestLength + 4 + 16;

    private const int HeaderLength = 16;
    private const ushort SockDiagByFamily = 20;
    private const ushort RequestDump = 0x1 | 0x300; // NLM_F_REQUEST | NLM_F_DUMP
    private const ushort MessageError = 2;
    private const ushort MessageDone = 3;
    private const ushort RequestBytecode = 1; // INET_DIAG_REQ_BYTECODE
    private const byte SourcePortAtLeast = 2; // INET_DIAG_BC_S_GE
    private const byte SourcePortAtMost = 3; // INET_DIAG_BC_S_LE
    private const int DiagMessageLength = 72;

    /// <summary>
    /// Writes a dump request for every socket of the family and protocol; with a port, the kernel keeps only sockets
    /// bound to it.
    /// </summary>
    /// <returns>The request's length.</returns>
    public static int BuildDumpRequest(
        Span<byte> buffer,
        AddressFamily family,
        SocketTransport transport,
        uint sequence,
        ushort? localPort = null
    )
    {
        int length = localPort is null ? RequestLength : PortFilteredRequestLength;
        Span<byte> request = buffer[..length];
        request.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], RequestDump);
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        request[16] = family == AddressFamily.InterNetworkV6 ? (byte)10 : (byte)2;
        request[17] = transport == SocketTransport.Udp ? (byte)17 : (byte)6;
        // every state: UDP shows 1 connected, 7 not
        BinaryPrimitives.WriteUInt32LittleEndian(request[20..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(request[64..], uint.MaxValue); // no cookie
        BinaryPrimitives.WriteUInt32LittleEndian(request[68..], uint.MaxValue);
        if (localPort is ushort port)
        {
            WritePortFilter(request[RequestLength..], port);
        }

        return length;
    }

    /// <summary>
    /// Reads one datagram of replies into <paramref name="into"/>. <see cref="SockDiagStatus.More"/> means the dump
    /// goes on in the next datagram. Messages of another sequence number are skipped; a malformed one ends the dump as
    /// an error.
    /// </summary>
    public static SockDiagStatus ParseMessages(
        ReadOnlySpan<byte> datagram,
        uint sequence,
        SocketTransport transport,
        List<SocketEntry> into,
        out int error
    )
    {
        error = 0;
        while (datagram.Length >= HeaderLength)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < HeaderLength || length > datagram.Length)
            {
                error = 74; // EBADMSG
                return SockDiagStatus.Error;
            }

            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            ReadOnlySpan<byte> body = datagram[HeaderLength..length];
            if (BinaryPrimitives.ReadUInt32LittleEndian(datagram[8..]) == sequence)
            {
                switch (type)
                {
                    case MessageDone:
                        return SockDiagStatus.Done;
                    case MessageError:
                        error = body.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(body) : 74;
                        return SockDiagStatus.Error;
                    case SockDiagByFamily when body.Length >= DiagMessageLength:
                        into.Add(ReadEntry(body, transport));
                        break;
                    case SockDiagByFamily:
                        error = 74;
                        return SockDiagStatus.Error;
                }
            }

            int aligned = (length + 3) & ~3;
            datagram = aligned >= datagram.Length ? [] : datagram[aligned..];
        }

        return SockDiagStatus.More;
    }

    // Two conditions, each an op and a second op whose "no" field carries the port; a failed condition jumps 4 past
    // the end, which the kernel reads as "reject".
    private static void WritePortFilter(Span<byte> attribute, ushort port)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, 4 + 16);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], RequestBytecode);
        Span<byte> code = attribute[4..];
        WriteOp(code, SourcePortAtLeast, yes: 8, no: 16 + 4);
        WriteOp(code[4..], 0, 0, port);
        WriteOp(code[8..], SourcePortAtMost, yes: 8, no: 8 + 4);
        WriteOp(code[12..], 0, 0, port);
    }

    private static void WriteOp(Span<byte> op, byte code, byte yes, ushort no)
    {
        op[0] = code;
        op[1] = yes;
        BinaryPrimitives.WriteUInt16LittleEndian(op[2..], no);
    }

    private static SocketEntry ReadEntry(ReadOnlySpan<byte> message, SocketTransport transport)
    {
        bool v6 = message[0] == 10;
        return new SocketEntry(
            transport,
            Address(message.Slice(8, 16), v6),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            Address(message.Slice(24, 16), v6),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            message[1],
            BinaryPrimitives.ReadUInt32LittleEndian(message[64..]),
            BinaryPrimitives.ReadUInt32LittleEndian(message[68..])
        );
    }

    private static IPAddress Address(ReadOnlySpan<byte> words, bool v6) =>
        v6 ? new IPAddress(words) : new IPAddress(words[..4]);
}
