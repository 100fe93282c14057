using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// /proc/net/{udp,udp6,tcp,tcp6} (proc_pid_net(5)): <c>sl local_address rem_address st tx:rx tr:when retrnsmt uid
/// timeout inode …</c>. Addresses are the kernel's network-order words printed as host-order (little-endian)
/// hex, four words for IPv6; ports are plain hex. Malformed lines are skipped.
/// </summary>
public static class ProcNetParser
{
    public static List<SocketEntry> Parse(string text, SocketTransport transport)
    {
        var entries = new List<SocketEntry>();
        foreach (string line in text.Split('\n').Skip(1))
        {
            if (TryParseLine(line, transport, out SocketEntry entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    public static bool TryParseLine(string line, SocketTransport transport, out SocketEntry entry)
    {
        entry = default;
        string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (
            fields.Length < 10
            || !TryParseEndpoint(fields[1], out IPAddress? local, out ushort localPort)
            || !TryParseEndpoint(fields[2], out IPAddress? remote, out ushort remotePort)
            || !int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int state)
            || !uint.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
            || !ulong.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
        )
        {
            return false;
        }

        entry = new SocketEntry(transport, local, localPort, remote, remotePort, state, uid, inode);
        return true;
    }

    public static bool TryParseEndpoint(string text, [NotNullWhen(true)] out IPAddress? address, out ushort port)
    {
        address = null;
        port = 0;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (
            colon is not (8 or 32)
            || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out port)
        )
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[colon / 2];
        for (int word = 0; word < colon / 8; word++)
        {
            if (
                !uint.TryParse(
                    text.AsSpan(word * 8, 8),
                    NumberStyles.HexNumber,
                    CultureInfo.InvariantCulture,
                    out uint value
                )
            )
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(word * 4)..], value);
        }

        address = new IPAddress(bytes);
        return true;
    }
}
