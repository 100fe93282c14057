using System.Diagnostics;
using System.Globalization;
using IpLookupSensor.Attribution.Linux.Ebpf;

namespace IpLookupSensor.Attribution.Tests.Linux.Ebpf;

/// <summary>
/// The send trace loaded into this machine's kernel (the tests run as root), fed by real clients that exit at once.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LiveSendTraceTests : IDisposable
{
    // Sends one datagram (to port 53, or unconnected elsewhere, or connected elsewhere), prints its port and the
    // unix time of the send in nanoseconds, and exits.
    private const string SendOnce = """
        import socket, sys, time
        family, port, connect = (socket.AF_INET6, '::1') if sys.argv[1] == '6' else (socket.AF_INET, '127.0.0.1'), int(sys.argv[2]), sys.argv[3] == 'connect'
        s = socket.socket(family[0], socket.SOCK_DGRAM)
        if connect: s.connect((family[1], port)); s.send(b'x')
        else: s.sendto(b'x', (family[1], port))
        print(s.getsockname()[1], time.time_ns(), flush=True)
        """;

    private readonly SendTrace _trace =
        SendTrace.Open(out string? failure) ?? throw new InvalidOperationException(failure);

    public void Dispose() => _trace.Dispose();

    [Theory]
    [InlineData("4", "unconnected")]
    [InlineData("6", "unconnected")]
    [InlineData("4", "connect")]
    public void Find_AClientThatSentAndExited_NamesItsProcessAndUser(string family, string mode)
    {
        (ushort port, long sentAt, int pid) = Run("/usr/bin/python3", "-c", SendOnce, family, "53", mode);

        SentBy sender =
            _trace.Find(SocketTransport.Udp, port, sentAt) ?? throw new InvalidOperationException("no send recorded");

        Assert.Equal((pid, 65534u, "python3"), (sender.Pid, sender.Uid, sender.Command));
        // python3.11, the file the link points to
        Assert.StartsWith("python3", sender.ExecutableName, StringComparison.Ordinal);
        // started after this test process, before now
        Assert.InRange(sender.StartTicks, OwnStartTicks(), UptimeTicks());
        Executed executed =
            _trace.Executed(pid, sender.StartTicks) ?? throw new InvalidOperationException("no exec recorded");
        Assert.Equal("/usr/bin/python3", executed.Path); // the path setpriv executed
        Assert.Equal(["/usr/bin/python3", "-c"], executed.Args.Take(2));
        Assert.StartsWith("import socket", executed.Args[2], StringComparison.Ordinal);
        Assert.EndsWith("…", executed.Args[^1], StringComparison.Ordinal); // the script is longer than the record holds
        Assert.Null(_trace.Executed(pid, sender.StartTicks + 1)); // another process that had the pid
    }

    [Fact]
    public void Find_DigSendingFromAWorkerThread_NamesDigNotTheThread()
    {
        using Process dig = Process.Start(
            new ProcessStartInfo("dig", ["+tries=1", "+timeout=1", "@127.0.0.1", "example.com"])
            {
                RedirectStandardOutput = true,
            }
        )!;
        dig.WaitForExit();

        // dig does not say which port it sent from: every port is tried.
        Assert.Contains(
            FindAll(),
            sent => (sent.Pid, sent.Command, sent.ExecutableName, sent.Uid) == (dig.Id, "dig", "dig", 0u)
        );
    }

    [Fact]
    public void Find_SendsThatCannotBeDns_AreNotRecorded()
    {
        // A connected socket to another port is not DNS; neither is a send from another network namespace.
        (ushort connected, long sentAt, _) = Run("/usr/bin/python3", "-c", SendOnce, "4", "9", "connect");
        Assert.Null(_trace.Find(SocketTransport.Udp, connected, sentAt));

        (ushort elsewhere, long elsewhereAt, _) = Run(
            "unshare",
            "-n",
            "sh",
            "-c",
            "ip link set lo up && exec setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c \"$0\" "
                + "4 53 unconnected",
            SendOnce
        );
        Assert.Null(_trace.Find(SocketTransport.Udp, elsewhere, elsewhereAt));
    }

    [Fact]
    public void Find_ASendAtAnotherTimeThanThePacket_IsNotItsSender_ButAnAnswerLaterIsToIt()
    {
        (ushort port, long sentAt, int pid) = Run("/usr/bin/python3", "-c", SendOnce, "4", "53", "unconnected");
        long Later(TimeSpan by) => sentAt + (long)by.TotalNanoseconds;

        // an earlier send, maybe by another process
        Assert.Null(_trace.Find(SocketTransport.Udp, port, Later(SendTrace.SameSendSlack * 2)));
        Assert.Null(_trace.Find(SocketTransport.Udp, port, Later(-SendTrace.SameSendSlack * 2))); // a later send
        Assert.Null(_trace.Find(SocketTransport.Tcp, port, sentAt));
        Assert.Equal(
            pid,
            _trace.Find(SocketTransport.Udp, port, Later(TimeSpan.FromSeconds(1)), sentThePacket: false)?.Pid
        ); // its answer
        Assert.Null(
            _trace.Find(
                SocketTransport.Udp,
                port,
                Later(SendTrace.AnswerWithin + TimeSpan.FromSeconds(1)),
                sentThePacket: false
            )
        );
    }

    [Fact]
    public void Find_TheSameSocketSendingAgainLater_TheLatestSendAndSenderCount()
    {
        // Sends, waits longer than a record stays valid for a packet, sends again; then, once this test has looked
        // that send up (a line on its input: a timed wait lost the race to a stalled test), a forked child sends
        // from the same socket. Prints the port, then each send's time and pid.
        const string SendAgainThenFork = """
            import os, socket, sys, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.sendto(b'x', ('127.0.0.1', 53)); print(s.getsockname()[1], flush=True)
            time.sleep(2.5)
            s.sendto(b'x', ('127.0.0.1', 53)); print(time.time_ns(), os.getpid(), flush=True)
            sys.stdin.readline()
            time.sleep(0.1)
            child = os.fork()
            if child == 0:
                s.sendto(b'x', ('127.0.0.1', 53)); print(time.time_ns(), os.getpid(), flush=True); os._exit(0)
            os.waitpid(child, 0)
            """;
        using Process client = Process.Start(
            new ProcessStartInfo("/usr/bin/python3", ["-c", SendAgainThenFork])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            }
        )!;
        ushort port = ushort.Parse(client.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        long[] again = client.StandardOutput.ReadLine()!.Split(' ').Select(long.Parse).ToArray();
        SentBy? parent = _trace.Find(SocketTransport.Udp, port, again[0]);
        client.StandardInput.WriteLine();
        long[] forked = client.StandardOutput.ReadLine()!.Split(' ').Select(long.Parse).ToArray();
        client.WaitForExit();

        Assert.Equal((int)again[1], parent?.Pid); // the first send is too old for this packet: the record was refreshed
        Assert.Equal((int)forked[1], _trace.Find(SocketTransport.Udp, port, forked[0])?.Pid);
        Assert.NotEqual(again[1], forked[1]);
    }

    [Fact]
    public void HandOff_ThenInherit_ReadsTheSameMap()
    {
        using SendTrace inherited =
            SendTrace.Inherit(_trace.HandOff(), out string? failure) ?? throw new InvalidOperationException(failure);
        (ushort port, long sentAt, int pid) = Run("/usr/bin/python3", "-c", SendOnce, "4", "53", "unconnected");

        Assert.Equal(pid, inherited.Find(SocketTransport.Udp, port, sentAt)?.Pid);
        Assert.Null(SendTrace.Inherit("0,1", out failure)); // stdin and stdout are no BPF objects
        Assert.Contains("does not name a send trace", failure, StringComparison.Ordinal);
    }

    // Runs a client as nobody (unless it switches itself) and waits for it to exit.
    private static (ushort Port, long SentAt, int Pid) Run(string program, params string[] args)
    {
        string[] command =
            program == "unshare"
                ? [program, .. args]
                : ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", program, .. args];
        using Process client = Process.Start(
            new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true }
        )!;
        string[] printed = client.StandardOutput.ReadLine()!.Split(' ');
        client.WaitForExit();
        return (
            ushort.Parse(printed[0], CultureInfo.InvariantCulture),
            long.Parse(printed[1], CultureInfo.InvariantCulture),
            client.Id
        );
    }

    // Every send the trace holds for this namespace's UDP ports, as if a packet had been captured 10 ms ago.
    private List<SentBy> FindAll()
    {
        long now = ((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100) - 10_000_000;
        var found = new List<SentBy>();
        for (int port = 1; port <= ushort.MaxValue; port++)
        {
            if (_trace.Find(SocketTransport.Udp, (ushort)port, now) is { } sent)
            {
                found.Add(sent);
            }
        }

        return found;
    }

    private static ulong OwnStartTicks() =>
        ulong.Parse(
            File.ReadAllText("/proc/self/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[19],
            CultureInfo.InvariantCulture
        );

    private static ulong UptimeTicks() =>
        (ulong)(double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture) * 100) + 1;
}
