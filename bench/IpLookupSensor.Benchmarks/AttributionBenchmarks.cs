using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using IpLookupSensor.Attribution;
using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Linux.Ebpf;
using IpLookupSensor.Attribution.Linux.SockDiag;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// Linux attribution of one lookup on the real /proc, for a UDP socket this process holds: warm (the inode index
/// already knows the socket) and cold (a fresh resolver, so the /proc/&lt;pid&gt;/fd scan runs); and through the
/// kernel's send trace, after a datagram to port 53 from that socket. Run as root.
/// </summary>
[MemoryDiagnoser]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class AttributionBenchmarks
{
    private Socket _socket = null!;
    private ushort _port;
    private LinuxSocketOwnerResolver _warm = null!;
    private SocketHistoryPoller _poller = null!;
    private SockDiagSocketTable _sockDiag = null!;
    private readonly ProcNetSocketTable _procNet = new(ProcFileSystem.Instance);
    private readonly List<SocketEntry> _found = [];
    private SendTrace _sends = null!;
    private LinuxSocketOwnerResolver _withSends = null!;
    private long _sentAt;

    [GlobalSetup]
    public void Setup()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _port = (ushort)((IPEndPoint)_socket.LocalEndPoint!).Port;
        _warm = LinuxSocketOwnerResolver.CreateDefault(TimeProvider.System, pollInterval: null);
        _ =
            _warm.Resolve(SocketTransport.Udp, IPAddress.Loopback, _port).Process
            ?? throw new InvalidOperationException("cannot attribute our own socket: run as root");
        _poller = new SocketHistoryPoller(
            ProcFileSystem.Instance,
            LinuxSocketOwnerResolver.OpenSocketTable(),
            new ProcessInfoReader(ProcFileSystem.Instance),
            TimeProvider.System,
            TimeSpan.FromSeconds(5)
        );
        _poller.PollOnce();
        _sockDiag = SockDiagSocketTable.TryOpen() ?? throw new InvalidOperationException("sock_diag refused");

        _sends = SendTrace.Open(out string? failure) ?? throw new InvalidOperationException(failure);
        _withSends = LinuxSocketOwnerResolver.CreateDefault(TimeProvider.System, pollInterval: null, _sends);
        _sentAt = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        _socket.SendTo(new byte[12], new IPEndPoint(IPAddress.Loopback, 53));
        _ =
            _sends.Find(SocketTransport.Udp, _port, _sentAt)
            ?? throw new InvalidOperationException("the send trace did not record our send");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warm.Dispose();
        _poller.Dispose();
        _sockDiag.Dispose();
        _withSends.Dispose();
        _sends.Dispose();
        _socket.Dispose();
    }

    [Benchmark]
    public OwnerLookup Warm() => _warm.Resolve(SocketTransport.Udp, IPAddress.Loopback, _port);

    /// <summary>Who sent from the port, from the kernel's map: one bpf(2) call.</summary>
    [Benchmark]
    public SentBy? SenderBySendTrace() => _sends.Find(SocketTransport.Udp, _port, _sentAt);

    /// <summary>The whole lookup with the send trace: the sender, then its details from /proc.</summary>
    [Benchmark]
    public OwnerLookup WarmWithSendTrace() =>
        _withSends.Resolve(SocketTransport.Udp, IPAddress.Loopback, _port, _sentAt, localEndSent: true);

    /// <summary>The socket on one port through netlink, filtered by the kernel: the lookup's first step.</summary>
    [Benchmark]
    public int SocketBySockDiag()
    {
        _found.Clear();
        _sockDiag.Read(SocketTransport.Udp, _port, _found);
        return _found.Count;
    }

    /// <summary>The same from /proc/net/udp and udp6, the fallback.</summary>
    [Benchmark]
    public int SocketByProcNet()
    {
        _found.Clear();
        _procNet.Read(SocketTransport.Udp, _port, _found);
        return _found.Count;
    }

    /// <summary>One history poll of a host where no process is young: what the poller costs while idle.</summary>
    [Benchmark]
    public void IdlePoll() => _poller.PollOnce();

    [Benchmark]
    public OwnerLookup Cold()
    {
        using var resolver = LinuxSocketOwnerResolver.CreateDefault(TimeProvider.System, pollInterval: null);
        return resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, _port);
    }
}
