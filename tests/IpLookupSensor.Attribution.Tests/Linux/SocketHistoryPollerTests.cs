using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Tests.Support;

namespace IpLookupSensor.Attribution.Tests.Linux;

public sealed class SocketHistoryPollerTests : IDisposable
{
    private readonly InMemoryProcFileSystem _proc = new();
    private readonly ManualTimeProvider _time = new();
    private readonly SocketHistoryPoller _history;

    public SocketHistoryPollerTests()
    {
        _proc.Files["/proc/stat"] = "btime 1767225600\n";
        _proc.AddProcess(100, "/usr/sbin/sshd", "sshd", 10, 500);
        _history = new SocketHistoryPoller(
            _proc,
            new ProcNetSocketTable(_proc),
            new ProcessInfoReader(_proc),
            _time,
            grace: TimeSpan.FromSeconds(5)
        );
        _history.PollOnce();
    }

    public void Dispose() => _history.Dispose();

    [Fact]
    public void ProcessesRunningAtTheFirstPoll_AreNotPolled()
    {
        _proc.Links["/proc/100/fd/9"] = "socket:[501]";
        _history.PollOnce();

        Assert.Null(_history.Find(500));
        Assert.Null(_history.Find(501));
    }

    [Fact]
    public void ANewProcessesSockets_AreRemembered_AfterItExits_ForTheGracePeriod()
    {
        _proc.AddProcess(200, "/usr/bin/dig", "dig", 900, 600, 601);
        _history.PollOnce();
        _proc.RemoveProcess(200);
        _time.Advance(TimeSpan.FromSeconds(4));
        _history.PollOnce();

        Assert.Equal("dig", _history.Find(600)?.Name);
        Assert.Equal(200, _history.Find(601)?.Pid);
        Assert.Null(_history.Find(600)!.UserId); // the socket's uid is added by the resolver

        _time.Advance(TimeSpan.FromSeconds(2));
        _history.PollOnce();
        Assert.Null(_history.Find(600));
    }

    [Fact]
    public void ASocketClosedWithItsProcess_IsFoundByTheEndpointItWasBoundTo()
    {
        const string header =
            "sl local_address rem_address st tx_queue rx_queue tr tm->when retrnsmt uid timeout inode\n";
        _proc.AddProcess(400, "/usr/bin/curl", "curl", 990, 800, 801);
        _proc.Files["/proc/net/udp"] = header + "0: 00000000:0000 00000000:0000 07 0:0 00:0 0 1000 0 800 2 0 0\n";
        _history.PollOnce(); // created, not bound yet
        _proc.Files["/proc/net/udp"] = header + "0: 0100007F:D431 0100007F:0035 01 0:0 00:0 0 1000 0 800 2 0 0\n";
        _history.PollOnce(); // bound when it sent
        _proc.RemoveProcess(400);
        _proc.Files["/proc/net/udp"] = header;

        var found = _history.Find(SocketTransport.Udp, System.Net.IPAddress.Loopback, 0xD431);

        Assert.Equal((400, 1000u), (found?.Owner.Pid, found?.Uid));
        Assert.Null(_history.Find(SocketTransport.Tcp, System.Net.IPAddress.Loopback, 0xD431));
        Assert.Null(_history.Find(SocketTransport.Udp, System.Net.IPAddress.Loopback, 0xD432));
    }

    [Fact]
    public void WhileTheLastPidStaysTheSame_AndNothingIsYoung_ProcIsNotListed()
    {
        _proc.Files["/proc/loadavg"] = "0.00 0.01 0.05 1/80 100\n";
        _history.PollOnce();
        _proc.AddProcess(500, "/usr/bin/dig", "dig", 999, 900); // (the kernel would have moved the last pid)
        _history.PollOnce();
        Assert.Null(_history.Find(900));

        _proc.Files["/proc/loadavg"] = "0.00 0.01 0.05 2/81 500\n";
        _history.PollOnce();
        Assert.Equal(500, _history.Find(900)?.Pid);
    }

    [Fact]
    public void AProcessOlderThanYoungFor_IsNoLongerPolled()
    {
        _proc.AddProcess(300, "/usr/bin/python3", "python3", 950);
        _history.PollOnce();
        _time.Advance(SocketHistoryPoller.YoungFor + TimeSpan.FromMilliseconds(1));
        _proc.Links["/proc/300/fd/3"] = "socket:[700]";
        _history.PollOnce();

        Assert.Null(_history.Find(700)); // the live lookup finds a long-lived process itself
    }

    [Fact]
    public void Start_PollsInTheBackground_UntilDisposed()
    {
        using var history = new SocketHistoryPoller(
            _proc,
            new ProcNetSocketTable(_proc),
            new ProcessInfoReader(_proc),
            TimeProvider.System,
            TimeSpan.FromSeconds(5)
        );
        history.Start(TimeSpan.FromMilliseconds(1));
        Assert.True(SpinWait.SpinUntil(() => history.Polls >= 3, TimeSpan.FromSeconds(5)));
        history.Dispose();
        int polls = history.Polls;
        Thread.Sleep(20);
        Assert.Equal(polls, history.Polls);
    }

    [Fact]
    public void YoungProcessIds_AreThoseThatAppearedAfterTheFirstPoll_NewestFirst()
    {
        _proc.AddProcess(300, "/usr/bin/xargs", "xargs", 900);
        _proc.AddProcess(302, "/usr/bin/dig", "dig", 901);
        _history.PollOnce();

        Assert.Equal([302, 300], _history.YoungProcessIds);

        _time.Advance(SocketHistoryPoller.YoungFor);
        _history.PollOnce();
        Assert.Empty(_history.YoungProcessIds);
    }

    [Fact]
    public void LastKnown_IsTheProgramAfterItsExec_AndOutlivesTheProcessForTheGrace()
    {
        _proc.AddProcess(310, "/usr/bin/xargs", "xargs", 900); // forked by xargs, not yet exec'd
        _history.PollOnce();
        _proc.AddProcess(310, "/usr/bin/dig", "dig", 900);
        _history.PollOnce();
        _proc.RemoveProcess(310);
        _history.PollOnce();

        Assert.Equal((310, "dig"), (_history.LastKnown(310)?.Pid, _history.LastKnown(310)?.Name));

        _time.Advance(SocketHistoryPoller.YoungFor + TimeSpan.FromSeconds(6));
        _history.PollOnce();
        Assert.Null(_history.LastKnown(310));
    }
}
