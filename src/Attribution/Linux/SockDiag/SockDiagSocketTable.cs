using System.Net.Sockets;
using System.Runtime.Versioning;
using IpLookupSensor.Attribution.Linux.Interop;

namespace IpLookupSensor.Attribution.Linux.SockDiag;

/// <summary>
/// The socket table through netlink sock_diag: binary, and narrowed to one port by the kernel, so a lookup costs
/// tens of microseconds however many sockets the host holds (parsing /proc/net costs more with each). After
/// <see cref="FailuresBeforeGivingUp"/> failures in a row (udp_diag not loaded, a seccomp filter) it stops trying
/// and answers null, leaving the lookup to /proc/net.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SockDiagSocketTable : ISocketTable, IDisposable
{
    public const int FailuresBeforeGivingUp = 3;

    private readonly Socket _socket;
    private readonly byte[] _request = new byte[SockDiagCodec.PortFilteredRequestLength];
    private readonly byte[] _reply = new byte[64 * 1024];
    private readonly Lock _lock = new();
    private uint _sequence;
    private int _consecutiveFailures;

    private SockDiagSocketTable(Socket socket) => _socket = socket;

    public int Failures { get; private set; }

    /// <summary>A netlink socket for sock_diag, or null when the kernel refuses one.</summary>
    public static SockDiagSocketTable? TryOpen()
    {
        int fd = Libc.Socket(Libc.AddressFamilyNetlink, Libc.SocketRaw | Libc.SocketCloseOnExec, Libc.NetlinkSockDiag);
        if (fd < 0)
        {
            return null;
        }

#pragma warning disable CA2000 // the table owns the socket
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true)) { ReceiveTimeout = 1000 };
#pragma warning restore CA2000
        return new SockDiagSocketTable(socket);
    }

    public string? Read(SocketTransport transport, ushort? localPort, List<SocketEntry> into)
    {
        lock (_lock)
        {
            if (_consecutiveFailures >= FailuresBeforeGivingUp)
            {
                return null;
            }

            if (
                Dump(AddressFamily.InterNetwork, transport, localPort, into)
                && Dump(AddressFamily.InterNetworkV6, transport, localPort, into)
            )
            {
                _consecutiveFailures = 0;
                return "sock_diag";
            }

            _consecutiveFailures++;
            Failures++;
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();

    private bool Dump(AddressFamily family, SocketTransport transport, ushort? localPort, List<SocketEntry> into)
    {
        uint sequence = ++_sequence;
        try
        {
            int length = SockDiagCodec.BuildDumpRequest(_request, family, transport, sequence, localPort);
            _socket.Send(_request, 0, length, SocketFlags.None);
            while (true)
            {
                int received = _socket.Receive(_reply);
                switch (SockDiagCodec.ParseMessages(_reply.AsSpan(0, received), sequence, transport, into, out _))
                {
                    case SockDiagStatus.Done:
                        return true;
                    case SockDiagStatus.Error:
                        Drain();
                        return false;
                }
            }
        }
        catch (SocketException)
        {
            Drain();
            return false; // a timeout, or the kernel refused the request
        }
    }

    // Replies left over from a failed dump carry an old sequence number, which the next dump skips; dropping them
    // here keeps the socket's buffer from filling.
    private void Drain()
    {
        try
        {
            while (_socket.Available > 0)
            {
                _socket.Receive(_reply);
            }
        }
        catch (SocketException) { }
    }
}
