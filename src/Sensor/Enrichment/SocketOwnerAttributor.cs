using System.Net;
using System.Net.Sockets;
using IpLookupSensor.Attribution;
using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>
/// Host mode: names the process behind the local end of a DNS message (from /proc on Linux, the IP Helper tables on
/// Windows) at capture time, while the client's socket is still open (it waits for the answer). Runs on the capture
/// thread, so only for the events that need it (rule candidates, or all with --events).
/// </summary>
internal sealed class SocketOwnerAttributor : IEventAttributor, IConnectionOwnerResolver, IDisposable
{
    private readonly ISocketOwnerResolver _resolver;
    private readonly HashSet<string> _resolverProcesses;

    /// <param name="resolverProcesses">process names of local resolvers: their messages are upstream copies of
    /// other processes' lookups, marked resolver_only instead of being attributed to the resolver.</param>
    public SocketOwnerAttributor(ISocketOwnerResolver resolver, IEnumerable<string>? resolverProcesses = null)
    {
        _resolver = resolver;
        _resolverProcesses = new HashSet<string>(resolverProcesses ?? [], StringComparer.OrdinalIgnoreCase);
        SelfCheck = WarmUp();
    }

    /// <summary>
    /// Whether the sensor could attribute a socket of its own at start (false: no loopback, or no /proc access).
    /// </summary>
    public bool SelfCheck { get; }

    public bool AppliesToAll => false;

    public void Dispose() => (_resolver as IDisposable)?.Dispose();

    public void Attribute(DnsEvent e)
    {
        // A query leaves from the local client; an answer comes back to it.
        (IpAddressValue address, ushort port) = e.IsQuery
            ? (e.SourceIp, e.SourcePort)
            : (e.DestinationIp, e.DestinationPort);
        OwnerLookup found = Resolve(e.Transport, address, port, e.Timestamp, localEndSent: e.IsQuery);
        e.Attribution = found.Process is null ? AttributionStatus.Unattributed : AttributionStatus.Direct;
        e.AttributionMethod = found.Method;
        e.AttributionConfidence = found.Confidence;
        e.AttributionReason = found.Reason;
        e.Process = Identity(found.Process);
        if (e.Process is { } process && _resolverProcesses.Contains(process.Name))
        {
            (e.Attribution, e.Resolver, e.Process) = (AttributionStatus.ResolverOnly, process, null);
        }
    }

    /// <summary>
    /// The process that began the connection, unless it is a local resolver (whose connections are its own business).
    /// </summary>
    public ProcessIdentity? OwnerOf(ConnectionAttempt connection) =>
        Identity(
            Resolve(
                connection.Transport,
                connection.Local,
                connection.LocalPort,
                connection.Timestamp,
                localEndSent: true
            ).Process
        )
            is { } owner
        && !_resolverProcesses.Contains(owner.Name)
            ? owner
            : null;

    /// <summary>
    /// A process named by its pid (the DNS Client service's events), where the resolver can describe one.
    /// </summary>
    public ProcessIdentity? DescribeProcess(int pid) => Identity((_resolver as IProcessDescriber)?.Describe(pid));

    private OwnerLookup Resolve(
        Transport transport,
        IpAddressValue address,
        ushort port,
        long capturedAt,
        bool localEndSent
    )
    {
        Span<byte> bytes = stackalloc byte[16];
        var local = new IPAddress(bytes[..address.WriteBytes(bytes)]);
        return _resolver.Resolve(
            transport == Transport.Udp ? SocketTransport.Udp : SocketTransport.Tcp,
            local,
            port,
            capturedAt,
            localEndSent
        );
    }

    private static ProcessIdentity? Identity(ProcessIdentityInfo? owner) =>
        owner is null
            ? null
            : new ProcessIdentity(
                owner.Pid,
                owner.Name,
                owner.Executable,
                owner.UserId,
                owner.UserName,
                owner.Args,
                owner.Start,
                owner.EntityId,
                owner.UserDomain
            );

    // The first lookups would otherwise compile their code while racing a client's exit: resolve sockets of our own
    // now. A datagram to itself, which the send trace (when there is one) records like a client's query; and a TCP
    // connection to itself, which only the socket tables name, as they name a client connecting to a resolver's answer.
    private bool WarmUp()
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            probe.SendTo([0], probe.LocalEndPoint!);
            bool datagramNamed = IsOwn(SocketTransport.Udp, probe);

            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            using var connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            connection.Connect(listener.LocalEndPoint!);
            return IsOwn(SocketTransport.Tcp, connection) && datagramNamed;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private bool IsOwn(SocketTransport transport, Socket socket)
    {
        long now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        ushort port = (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
        OwnerLookup found = _resolver.Resolve(transport, IPAddress.Loopback, port, now, localEndSent: true);
        return found.Process?.Pid == Environment.ProcessId;
    }
}
