using System.Buffers.Binary;
using System.Net;
using IpLookupSensor.Attribution.Windows;

namespace IpLookupSensor.Attribution.Tests.Windows;

/// <summary>
/// Writes owner tables byte by byte as the MIB_* layouts say, junk in the unused port bytes included.
/// </summary>
internal sealed class OwnerTableBuilder(SocketTransport transport, bool ipv6)
{
    private readonly List<byte[]> _rows = [];

    public OwnerTableBuilder Row(
        string local,
        ushort localPort,
        int pid,
        string remote = "0.0.0.0",
        ushort remotePort = 0,
        uint state = 0,
        uint scope = 0
    )
    {
        byte[] row = new byte[IpHelperTableParser.RowSize(transport, ipv6)];
        Span<byte> r = row;
        switch ((transport, ipv6))
        {
            case (SocketTransport.Udp, false):
                IPAddress.Parse(local).TryWriteBytes(r[..4], out _);
                Port(r[4..], localPort);
                BinaryPrimitives.WriteInt32LittleEndian(r[8..], pid);
                break;
            case (SocketTransport.Udp, true):
                IPAddress.Parse(local).TryWriteBytes(r[..16], out _);
                BinaryPrimitives.WriteUInt32BigEndian(r[16..], scope);
                Port(r[20..], localPort);
                BinaryPrimitives.WriteInt32LittleEndian(r[24..], pid);
                break;
            case (SocketTransport.Tcp, false):
                BinaryPrimitives.WriteUInt32LittleEndian(r, state);
                IPAddress.Parse(local).TryWriteBytes(r[4..8], out _);
                Port(r[8..], localPort);
                IPAddress.Parse(remote).TryWriteBytes(r[12..16], out _);
                Port(r[16..], remotePort);
                BinaryPrimitives.WriteInt32LittleEndian(r[20..], pid);
                break;
            default:
                IPAddress.Parse(local).TryWriteBytes(r[..16], out _);
                BinaryPrimitives.WriteUInt32BigEndian(r[16..], scope);
                Port(r[20..], localPort);
                IPAddress.Parse(remote).TryWriteBytes(r[24..40], out _);
                Port(r[44..], remotePort);
                BinaryPrimitives.WriteUInt32LittleEndian(r[48..], state);
                BinaryPrimitives.WriteInt32LittleEndian(r[52..], pid);
                break;
        }

        _rows.Add(row);
        return this;
    }

    public byte[] Build(int extraBytes = 0)
    {
        byte[] table = new byte[4 + _rows.Sum(r => r.Length) + extraBytes];
        BinaryPrimitives.WriteInt32LittleEndian(table, _rows.Count);
        int offset = 4;
        foreach (byte[] row in _rows)
        {
            row.CopyTo(table, offset);
            offset += row.Length;
        }

        return table;
    }

    // The port big-endian in the first two bytes; the upper half is junk Windows leaves there.
    private static void Port(Span<byte> dword, ushort port)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dword, port);
        dword[2] = 0xDE;
        dword[3] = 0xAD;
    }
}
