using System.Net;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// The process and user behind a local UDP or TCP endpoint, from /proc alone: the socket table gives the inode
/// and creator uid, the inode index the pid, /proc/&lt;pid&gt; the details. The fallback path of the design (and, until
/// sock_diag lands, the only one); it sees the sensor's own network namespace.
/// </summary>
public sealed class ProcfsSocketOwnerResolver(IProcFileSystem proc, InodeOwnerIndex index, ProcessInfoReader processes) : ISocketOwnerResolver
{
    public static ProcfsSocketOwnerResolver CreateDefault(TimeProvider time) =>
        new(ProcFileSystem.Instance, new InodeOwnerIndex(ProcFileSystem.Instance, time, TimeSpan.FromMilliseconds(10)),
            new ProcessInfoReader(ProcFileSystem.Instance));

    public ProcessIdentityInfo? Resolve(SocketTransport transport, IPAddress localAddress, ushort localPort)
    {
        SocketEntry? socket = FindSocket(transport, localAddress, localPort);
        if (socket is null || socket.Value.Inode == 0 || !index.TryFindOwner(socket.Value.Inode, out int pid))
        {
            return null;
        }

        return processes.Read(pid, socket.Value.Uid);
    }

    /// <summary>The socket holding the endpoint: bound to that address, or to the wildcard of its family.</summary>
    public SocketEntry? FindSocket(SocketTransport transport, IPAddress localAddress, ushort localPort)
    {
        IPAddress address = localAddress.IsIPv4MappedToIPv6 ? localAddress.MapToIPv4() : localAddress;
        SocketEntry? wildcard = null;
        foreach (string table in Tables(transport))
        {
            foreach (SocketEntry entry in ProcNetParser.Parse(proc.ReadText(table) ?? string.Empty, transport))
            {
                if (entry.LocalPort != localPort)
                {
                    continue;
                }

                IPAddress bound = entry.LocalAddress.IsIPv4MappedToIPv6 ? entry.LocalAddress.MapToIPv4() : entry.LocalAddress;
                if (bound.Equals(address))
                {
                    return entry;
                }

                if (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any))
                {
                    wildcard ??= entry;
                }
            }
        }

        return wildcard;
    }

    private static string[] Tables(SocketTransport transport) => transport == SocketTransport.Udp
        ? ["/proc/net/udp", "/proc/net/udp6"]
        : ["/proc/net/tcp", "/proc/net/tcp6"];
}
