using System.Diagnostics;
using System.Globalization;
using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Linux.SockDiag;

namespace IpLookupSensor.Attribution.Tests.Linux;

/// <summary>sock_diag on this machine's kernel, checked against /proc/net for the same real sockets.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LiveSockDiagTests
{
    // Holds a UDP socket on 127.0.0.1, a dual-stack UDP socket, an IPv6 TCP listener and an IPv4 TCP connection,
    // prints their ports, then holds them until killed or its input closes (this test process gone).
    private const string HoldSockets = """
        import socket, sys
        u4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u4.bind(('127.0.0.1', 0))
        u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); u6.bind(('::', 0))
        l6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); l6.bind(('::1', 0)); l6.listen()
        l4 = socket.socket(); l4.bind(('127.0.0.1', 0)); l4.listen()
        c4 = socket.create_connection(l4.getsockname())
        print(u4.getsockname()[1], u6.getsockname()[1], l6.getsockname()[1], c4.getsockname()[1], flush=True)
        sys.stdin.read()
        """;

    [Fact]
    public void Read_RealSockets_AgreesWithProcNetOnEveryField()
    {
        using SockDiagSocketTable diag =
            SockDiagSocketTable.TryOpen() ?? throw new InvalidOperationException("sock_diag refused");
        var procNet = new ProcNetSocketTable(ProcFileSystem.Instance);
        using Process holder = Process.Start(
            new ProcessStartInfo(
                "setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", HoldSockets]
            )
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            }
        )!;
        try
        {
            ushort[] ports = holder
                .StandardOutput.ReadLine()!
                .Split(' ')
                .Select(p => ushort.Parse(p, CultureInfo.InvariantCulture))
                .ToArray();
            HashSet<ulong> held =
            [
                .. SocketLink.SocketsOf(ProcFileSystem.Instance, holder.Id).Select(socket => socket.Inode),
            ];
            (SocketTransport, ushort)[] sockets =
            [
                (SocketTransport.Udp, ports[0]),
                (SocketTransport.Udp, ports[1]),
                (SocketTransport.Tcp, ports[2]),
                (SocketTransport.Tcp, ports[3]),
            ];
            foreach ((SocketTransport transport, ushort port) in sockets)
            {
                List<SocketEntry> fromDiag = [],
                    fromProc = [];
                Assert.Equal("sock_diag", diag.Read(transport, port, fromDiag));
                Assert.Equal("procfs", procNet.Read(transport, port, fromProc));

                Assert.All(fromDiag, entry => Assert.Equal(port, entry.LocalPort)); // the kernel's filter
                // Other tests' sockets may share the port (a TIME_WAIT remnant, another connection's ephemeral
                // port) and come and go between the two reads: only the holder's sockets are compared.
                fromDiag.RemoveAll(entry => !held.Contains(entry.Inode));
                fromProc.RemoveAll(entry => !held.Contains(entry.Inode));
                Assert.NotEmpty(fromDiag);
                Assert.All(fromDiag, entry => Assert.Equal(65534u, entry.Uid));
                Assert.Equal(Sorted(fromProc), Sorted(fromDiag));
            }

            // Without a port, every socket: the held ones among them.
            List<SocketEntry> everyTcp = [];
            Assert.Equal("sock_diag", diag.Read(SocketTransport.Tcp, null, everyTcp));
            Assert.Contains(everyTcp, entry => entry.LocalPort == ports[3]);
            Assert.Contains(everyTcp, entry => entry.RemotePort == ports[3]); // the listener's side of the connection
            Assert.Equal(0, diag.Failures);
        }
        finally
        {
            holder.Kill();
        }
    }

    private static List<string> Sorted(List<SocketEntry> entries) =>
        entries
            .Select(e =>
                $"{e.LocalAddress}:{e.LocalPort} {e.RemoteAddress}:{e.RemotePort} st{e.State} uid{e.Uid} ino{e.Inode}"
            )
            .Order(StringComparer.Ordinal)
            .ToList();
}
