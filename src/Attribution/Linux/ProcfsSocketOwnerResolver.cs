using System.Net;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// The process and user behind a local UDP or TCP endpoint, from /proc alone: the socket table gives the inode
/// and creator uid, the inode index the pid, /proc/&lt;pid&gt; the details. The fallback path of the design (and, until
/// sock_diag lands, the only one); it sees the sensor's own network namespace.
/// </summary>
public sealed class ProcfsSocketOwnerResolver(
    IProcFileSystem proc, InodeOwnerIndex index, ProcessInfoReader processes, SocketHistoryPoller? history = null) : ISocketOwnerResolver, IDisposable
{
    /// <summary>With a history poller running every <paramref name="pollInterval"/> (none when null), stopped by <see cref="Dispose"/>.</summary>
    public static ProcfsSocketOwnerResolver CreateDefault(TimeProvider time, TimeSpan? pollInterval)
    {
        var processes = new ProcessInfoReader(ProcFileSystem.Instance);
        SocketHistoryPoller? history = null;
        if (pollInterval is TimeSpan interval)
        {
#pragma warning disable CA2000 // the resolver owns the poller and disposes it
            history = new SocketHistoryPoller(ProcFileSystem.Instance, processes, time, grace: TimeSpan.FromSeconds(5));
#pragma warning restore CA2000
            history.PollOnce(); // the processes already running are not young
            history.Start(interval);
        }

        return new(ProcFileSystem.Instance, new InodeOwnerIndex(ProcFileSystem.Instance, time, TimeSpan.FromMilliseconds(10)), processes, history);
    }

    public OwnerLookup Resolve(SocketTransport transport, IPAddress localAddress, ushort localPort)
    {
        SocketEntry? socket = FindSocket(transport, localAddress, localPort);
        if (socket is not { Inode: not 0 } found)
        {
            // Already closed: the client sent and exited. The poller may have seen where it was bound.
            return history?.Find(transport, localAddress.Unmapped(), localPort) is { } closed
                ? OwnerLookup.Found(processes.WithSocketUser(closed.Owner, closed.Uid), "history_cache", "medium")
                : OwnerLookup.SocketClosed;
        }

        if (index.TryFindOwner(found.Inode, out int pid, scan: false) && processes.Read(pid, found.Uid) is { } known)
        {
            return OwnerLookup.Found(known, "procfs");
        }

        // A new client's socket: the poller has usually seen it, which spares the capture thread a /proc scan
        // (milliseconds, during which the next clients exit), and names a client that has exited since.
        if (history?.Find(found.Inode) is { } seen)
        {
            return OwnerLookup.Found(processes.WithSocketUser(seen, found.Uid), "history_cache", "medium");
        }

        return index.TryFindOwner(found.Inode, out pid) && processes.Read(pid, found.Uid) is { } live
            ? OwnerLookup.Found(live, "procfs")
            : OwnerLookup.PidExited;
    }

    public void Dispose() => history?.Dispose();

    /// <summary>The socket holding the endpoint: bound to that address, or to the wildcard of its family.</summary>
    public SocketEntry? FindSocket(SocketTransport transport, IPAddress localAddress, ushort localPort)
    {
        IPAddress address = localAddress.Unmapped();
        SocketEntry? wildcard = null;
        foreach (string table in Tables(transport))
        {
            foreach (SocketEntry entry in ProcNetParser.Parse(proc.ReadText(table) ?? string.Empty, transport))
            {
                if (entry.LocalPort != localPort)
                {
                    continue;
                }

                IPAddress bound = entry.LocalAddress.Unmapped();
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
