using System.Net;
using IpLookupSensor.Attribution.Linux.Ebpf;
using IpLookupSensor.Attribution.Linux.SockDiag;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// The process and user behind a local UDP or TCP endpoint: the socket table (sock_diag, or /proc/net) gives the
/// inode and creator uid, the inode index the pid, /proc/&lt;pid&gt; the details. It sees the sensor's own network
/// namespace. With the kernel's send trace, the sender of a packet is known first of all (method ebpf), whether
/// or not it is still running.
/// </summary>
public sealed class LinuxSocketOwnerResolver(
    ISocketTable sockets,
    InodeOwnerIndex index,
    ProcessInfoReader processes,
    SocketHistoryPoller? history = null,
    SendTrace? sends = null
) : ISocketOwnerResolver, IDisposable
{
    /// <summary>
    /// With a history poller running every <paramref name="pollInterval"/> (none when null), stopped by
    /// <see cref="Dispose"/>.
    /// </summary>
    /// <param name="sends">the kernel's record of senders, shared: not disposed with the resolver.</param>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static LinuxSocketOwnerResolver CreateDefault(
        TimeProvider time,
        TimeSpan? pollInterval,
        SendTrace? sends = null
    )
    {
        var processes = new ProcessInfoReader(ProcFileSystem.Instance);
        SocketHistoryPoller? history = null;
        if (pollInterval is TimeSpan interval)
        {
#pragma warning disable CA2000 // the resolver owns the poller and disposes it
            history = new SocketHistoryPoller(
                ProcFileSystem.Instance,
                OpenSocketTable(),
                processes,
                time,
                grace: TimeSpan.FromSeconds(5)
            );
#pragma warning restore CA2000
            history.PollOnce(); // the processes already running are not young
            history.Start(interval);
        }

        return new(
            OpenSocketTable(),
            new InodeOwnerIndex(ProcFileSystem.Instance, time, TimeSpan.FromMilliseconds(10)),
            processes,
            history,
            sends
        );
    }

    /// <summary>
    /// sock_diag with /proc/net behind it, or /proc/net alone when netlink is refused. One for each thread that reads.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static ISocketTable OpenSocketTable()
    {
        var procNet = new ProcNetSocketTable(ProcFileSystem.Instance);
#pragma warning disable CA2000 // the fallback table owns the netlink socket
        return SockDiagSocketTable.TryOpen() is { } diag ? new FallbackSocketTable(diag, procNet) : procNet;
#pragma warning restore CA2000
    }

    public OwnerLookup Resolve(
        SocketTransport transport,
        IPAddress localAddress,
        ushort localPort,
        long capturedAtUnixNanoseconds,
        bool localEndSent
    ) =>
        OperatingSystem.IsLinux()
        && sends?.Find(transport, localPort, capturedAtUnixNanoseconds, localEndSent) is { } sender
            ? OwnerLookup.Found(
                processes.Describe(
                    sender,
                    history?.LastKnown(sender.Pid),
                    sends.Executed(sender.Pid, sender.StartTicks)
                ),
                "ebpf"
            )
            : Resolve(transport, localAddress, localPort);

    public OwnerLookup Resolve(SocketTransport transport, IPAddress localAddress, ushort localPort)
    {
        (SocketEntry? socket, string? method) = FindSocket(transport, localAddress, localPort);
        if (socket is not { Inode: not 0 } found || method is null)
        {
            // Already closed: the client sent and exited. The poller may have seen where it was bound.
            return history?.Find(transport, localAddress.Unmapped(), localPort) is { } closed
                ? OwnerLookup.Found(processes.WithSocketUser(closed.Owner, closed.Uid), "history_cache", "medium")
                : OwnerLookup.SocketClosed;
        }

        if (index.TryFindOwner(found.Inode, out int pid, scan: false) && processes.Read(pid, found.Uid) is { } known)
        {
            return OwnerLookup.Found(known, method);
        }

        // A new client's socket: the poller has often seen it, which spares a /proc scan (during which the client may
        // exit), and names a client that has exited since.
        if (history?.Find(found.Inode) is { } seen)
        {
            return OwnerLookup.Found(processes.WithSocketUser(seen, found.Uid), "history_cache", "medium");
        }

        if (!index.TryFindOwner(found.Inode, out pid, likelyOwners: history?.YoungProcessIds))
        {
            return OwnerLookup.PidExited;
        }

        // Seen holding the socket: if it exits before its details are read, the poller's last read of it will do.
        ProcessIdentityInfo? owner =
            processes.Read(pid, found.Uid)
            ?? (history?.LastKnown(pid) is { } last ? processes.WithSocketUser(last, found.Uid) : null);
        return owner is null ? OwnerLookup.PidExited : OwnerLookup.Found(owner, method);
    }

    public void Dispose()
    {
        history?.Dispose();
        (sockets as IDisposable)?.Dispose();
    }

    /// <summary>
    /// The socket holding the endpoint (bound to that address, or to the wildcard of its family) and the method that
    /// read it.
    /// </summary>
    public (SocketEntry? Socket, string? Method) FindSocket(
        SocketTransport transport,
        IPAddress localAddress,
        ushort localPort
    )
    {
        var bound = new List<SocketEntry>();
        string? method = sockets.Read(transport, localPort, bound);
        IPAddress address = localAddress.Unmapped();
        SocketEntry? wildcard = null;
        foreach (SocketEntry entry in bound)
        {
            IPAddress local = entry.LocalAddress.Unmapped();
            if (local.Equals(address))
            {
                return (entry, method);
            }

            if (local.Equals(IPAddress.Any) || local.Equals(IPAddress.IPv6Any))
            {
                wildcard ??= entry;
            }
        }

        return (wildcard, method);
    }
}
