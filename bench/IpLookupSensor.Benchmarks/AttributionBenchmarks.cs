using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using IpLookupSensor.Attribution;
using IpLookupSensor.Attribution.Linux;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// Linux attribution of one lookup on the real /proc, for a UDP socket this process holds: warm (the inode index
/// already knows the socket) and cold (a fresh resolver, so the /proc/&lt;pid&gt;/fd scan runs). Run as root.
/// </summary>
[MemoryDiagnoser]
public class AttributionBenchmarks
{
    private Socket _socket = null!;
    private ushort _port;
    private ProcfsSocketOwnerResolver _warm = null!;
    private SocketHistoryPoller _poller = null!;

    [GlobalSetup]
    public void Setup()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _port = (ushort)((IPEndPoint)_socket.LocalEndPoint!).Port;
        _warm = ProcfsSocketOwnerResolver.CreateDefault(TimeProvider.System, pollInterval: null);
        _ = _warm.Resolve(SocketTransport.Udp, IPAddress.Loopback, _port).Process ?? throw new InvalidOperationException("cannot attribute our own socket: run as root");
        _poller = new SocketHistoryPoller(ProcFileSystem.Instance, new ProcessInfoReader(ProcFileSystem.Instance), TimeProvider.System, TimeSpan.FromSeconds(5));
        _poller.PollOnce();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warm.Dispose();
        _poller.Dispose();
        _socket.Dispose();
    }

    [Benchmark]
    public OwnerLookup Warm() => _warm.Resolve(SocketTransport.Udp, IPAddress.Loopback, _port);

    /// <summary>One history poll of a host where no process is young: what the poller costs while idle.</summary>
    [Benchmark]
    public void IdlePoll() => _poller.PollOnce();

    [Benchmark]
    public OwnerLookup Cold()
    {
        using var resolver = ProcfsSocketOwnerResolver.CreateDefault(TimeProvider.System, pollInterval: null);
        return resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, _port);
    }
}
