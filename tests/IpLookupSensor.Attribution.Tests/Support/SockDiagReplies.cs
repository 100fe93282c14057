using System.Buffers.Binary;
using System.Net;

namespace IpLookupSensor.Attribution.Tests.Support;

/// <summary>
/// Netlink messages as the kernel sends them in reply to a sock_diag dump, byte by byte.
/// </summary>
internal static class SockDiagReplies
{
    // NLMSG_DONE carries the dump's status, an int.
    public static byte[] Done(uint sequence) => [.. Header(sequence, type: 3, bodyLength: 4), 0, 0, 0, 0];

    public static byte[] Header(uint sequence, ushort type, int bodyLength)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(16 + bodyLength));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), type);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), sequence);
        return header;
    }

    // An inet_diag_msg reply; padding adds attribute bytes after the 72-byte body (counted in the length).
    public static byte[] DiagMessage(
        uint sequence,
        byte family,
        byte state,
        IPAddress local,
        ushort localPort,
        IPAddress remote,
        ushort remotePort,
        uint uid,
        uint inode,
        int padding = 0
    )
    {
        var body = new byte[72 + padding];
        body[0] = family;
        body[1] = state;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(4), localPort);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(6), remotePort);
        local.GetAddressBytes().CopyTo(body, 8);
        remote.GetAddressBytes().CopyTo(body, 24);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(64), uid);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(68), inode);
        return [.. Header(sequence, 20, body.Length), .. body];
    }
}
