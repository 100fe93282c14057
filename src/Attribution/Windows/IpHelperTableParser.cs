using System.Buffers.Binary;
using System.Net;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>
/// Reads the buffers GetExtendedUdpTable(UDP_TABLE_OWNER_PID) and GetExtendedTcpTable(TCP_TABLE_OWNER_PID_ALL) fill:
/// a DWORD row count, then rows of DWORDs. Pure managed code over bytes, so it is tested on Linux.
/// </summary>
public static class IpHelperTableParser
{
    // Every row type is 4-byte aligned, so the rows start right after dwNumEntries (the padding MS warns of is none).
    private const int FirstRowOffset = 4;

    public static int RowSize(SocketTransport transport, bool ipv6) =>
        (transport, ipv6) switch
        {
            (SocketTransport.Udp, false) => 12, // MIB_UDPROW_OWNER_PID
            (SocketTransport.Udp, true) => 28, // MIB_UDP6ROW_OWNER_PID
            (SocketTransport.Tcp, false) => 24, // MIB_TCPROW_OWNER_PID
            _ => 56, // MIB_TCP6ROW_OWNER_PID
        };

    /// <exception cref="FormatException">The row count does not fit the buffer.</exception>
    public static List<IpHelperRow> Parse(ReadOnlySpan<byte> table, SocketTransport transport, bool ipv6)
    {
        if (table.Length < FirstRowOffset)
        {
            throw new FormatException($"an owner table needs at least {FirstRowOffset} bytes, got {table.Length}");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(table);
        int rowSize = RowSize(transport, ipv6);
        if (count > (ulong)(table.Length - FirstRowOffset) / (ulong)rowSize)
        {
            throw new FormatException(
                $"the table claims {count} rows of {rowSize} bytes but holds {table.Length} bytes"
            );
        }

        var rows = new List<IpHelperRow>((int)count);
        for (int i = 0; i < (int)count; i++)
        {
            ReadOnlySpan<byte> row = table.Slice(FirstRowOffset + (i * rowSize), rowSize);
            rows.Add(
                (transport, ipv6) switch
                {
                    (SocketTransport.Udp, false) => new(
                        transport,
                        new IPAddress(row[..4]),
                        Port(row, 4),
                        0,
                        null,
                        0,
                        0,
                        Pid(row, 8)
                    ),
                    (SocketTransport.Udp, true) => new(
                        transport,
                        new IPAddress(row[..16]),
                        Port(row, 20),
                        Scope(row, 16),
                        null,
                        0,
                        0,
                        Pid(row, 24)
                    ),
                    (SocketTransport.Tcp, false) => new(
                        transport,
                        new IPAddress(row.Slice(4, 4)),
                        Port(row, 8),
                        0,
                        new IPAddress(row.Slice(12, 4)),
                        Port(row, 16),
                        Dword(row, 0),
                        Pid(row, 20)
                    ),
                    _ => new(
                        transport,
                        new IPAddress(row[..16]),
                        Port(row, 20),
                        Scope(row, 16),
                        new IPAddress(row.Slice(24, 16)),
                        Port(row, 44),
                        Dword(row, 48),
                        Pid(row, 52)
                    ),
                }
            );
        }

        return rows;
    }

    // A port DWORD holds the port big-endian in its first two bytes; the other two are junk.
    private static ushort Port(ReadOnlySpan<byte> row, int offset) =>
        BinaryPrimitives.ReadUInt16BigEndian(row.Slice(offset, 2));

    private static uint Scope(ReadOnlySpan<byte> row, int offset) =>
        BinaryPrimitives.ReadUInt32BigEndian(row.Slice(offset, 4));

    private static uint Dword(ReadOnlySpan<byte> row, int offset) =>
        BinaryPrimitives.ReadUInt32LittleEndian(row.Slice(offset, 4));

    private static int Pid(ReadOnlySpan<byte> row, int offset) => (int)Dword(row, offset);
}
