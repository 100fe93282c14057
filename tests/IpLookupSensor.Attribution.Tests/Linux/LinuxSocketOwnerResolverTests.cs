using System.Net;
using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Tests.Support;

namespace IpLookupSensor.Attribution.Tests.Linux;

public sealed class LinuxSocketOwnerResolverTests : IDisposable
{
    private readonly InMemoryProcFileSystem _proc = new();
    private readonly ManualTimeProvider _time = new();
    private readonly InodeOwnerIndex _index;
    private readonly LinuxSocketOwnerResolver _resolver;
    private readonly List<IDisposable> _owned = [];

    public LinuxSocketOwnerResolverTests()
    {
        _proc.Files["/etc/passwd"] = "root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n";
        _proc.Files["/proc/stat"] = "cpu 1 2 3\nbtime 1767225600\n";
        _proc.Files["/proc/sys/kernel/random/boot_id"] = "11111111-2222-3333-4444-555555555555\n";
        _proc.Files["/proc/net/udp"] =
            Header
            + "0: 0100007F:C350 0100007F:0035 01 0:0 00:0 0 1000 0 777 2 0 0\n"
            + "1: 00000000:C351 00000000:0000 07 0:0 00:0 0 0 0 778 2 0 0\n";
        _proc.Files["/proc/net/udp6"] = Header;
        _proc.AddProcess(4242, "/usr/bin/dig", "dig", 5000, 777);
        _proc.AddProcess(17, "/usr/sbin/unbound", "unbound", 100, 778);
        _index = new InodeOwnerIndex(_proc, _time, TimeSpan.FromMilliseconds(10));
        _resolver = new LinuxSocketOwnerResolver(new ProcNetSocketTable(_proc), _index, new ProcessInfoReader(_proc));
    }

    public void Dispose()
    {
        _resolver.Dispose();
        _owned.ForEach(owned => owned.Dispose());
    }

    // A resolver with a history poller (5 s grace), as the sensor builds them without eBPF; disposed with the test.
    private (SocketHistoryPoller History, LinuxSocketOwnerResolver Resolver) ResolverWithHistory()
    {
        var processes = new ProcessInfoReader(_proc);
        var history = new SocketHistoryPoller(
            _proc,
            new ProcNetSocketTable(_proc),
            processes,
            _time,
            grace: TimeSpan.FromSeconds(5)
        );
        var resolver = new LinuxSocketOwnerResolver(new ProcNetSocketTable(_proc), _index, processes, history);
        _owned.AddRange([resolver, history]);
        return (history, resolver);
    }

    private const string Header =
        "sl local_address rem_address st tx_queue rx_queue tr tm->when retrnsmt uid timeout inode\n";

    [Fact]
    public void Resolve_BoundEndpoint_GivesProcessDetailsAndTheSocketCreatorsUser()
    {
        ProcessIdentityInfo owner = _resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50000).Process!;

        Assert.Equal((4242, "dig", "/usr/bin/dig"), (owner.Pid, owner.Name, owner.Executable));
        Assert.Equal(["/usr/bin/dig", "--flag", "value"], owner.Args);
        Assert.Equal(("1000", "alice"), (owner.UserId, owner.UserName));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600 + 50), owner.Start); // 5000 ticks at 100 Hz
        Assert.Equal(32, owner.EntityId.Length);
        Assert.Equal(0, _index.FullScans); // the newest process was looked at first, and it was the owner
    }

    [Fact]
    public void Resolve_SocketBoundToTheWildcard_MatchesAnyLocalAddress()
    {
        ProcessIdentityInfo owner = _resolver.Resolve(SocketTransport.Udp, IPAddress.Parse("10.1.2.3"), 50001).Process!;
        Assert.Equal((17, "0", "root"), (owner.Pid, owner.UserId, owner.UserName));
    }

    [Fact]
    public void Resolve_UnknownPortOrTransport_IsNull()
    {
        Assert.Equal(OwnerLookup.SocketClosed, _resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 1));
        Assert.Equal(OwnerLookup.SocketClosed, _resolver.Resolve(SocketTransport.Tcp, IPAddress.Loopback, 50000));
    }

    [Fact]
    public void Resolve_PidReusedByAnotherProcess_IsNotBlamedOnIt()
    {
        Assert.Equal(4242, _resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50000).Process!.Pid);

        // dig exits; its pid is reused by a process without that socket; the socket now belongs to pid 5000.
        _proc.Links.Remove("/proc/4242/fd/3");
        _proc.AddProcess(5000, "/usr/bin/curl", "curl", 9000, 777);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(5000, _resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50000).Process!.Pid);
    }

    [Fact]
    public void TryFindOwner_MissesWithinTheRescanInterval_ScanOnce()
    {
        Assert.False(_index.TryFindOwner(999, out _));
        Assert.False(_index.TryFindOwner(998, out _));
        Assert.False(_index.TryFindOwner(997, out _));
        Assert.Equal(1, _index.FullScans);

        _time.Advance(TimeSpan.FromMilliseconds(11));
        Assert.False(_index.TryFindOwner(999, out _));
        Assert.Equal(2, _index.FullScans);
    }

    [Fact]
    public void Read_ProcessThatExited_IsNull()
    {
        _proc.Files.Remove("/proc/4242/stat");
        Assert.Equal(OwnerLookup.PidExited, _resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50000));
    }

    [Fact]
    public void Resolve_ClientThatExitedBeforeTheLookup_IsNamedFromTheHistory()
    {
        (SocketHistoryPoller history, LinuxSocketOwnerResolver resolver) = ResolverWithHistory();
        history.PollOnce(); // dig and unbound were there first: old
        _proc.AddProcess(6000, "/usr/bin/curl", "curl", 9000, 779);
        _proc.Files["/proc/net/udp"] += "2: 0100007F:C352 0100007F:0035 01 0:0 00:0 0 1000 0 779 2 0 0\n";
        history.PollOnce();

        _proc.RemoveProcess(6000); // curl got its answer and exited; the socket row outlives it by a moment
        OwnerLookup found = resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50002);

        Assert.Equal(("history_cache", "medium"), (found.Method, found.Confidence));
        Assert.Equal(
            (6000, "curl", "/usr/bin/curl"),
            (found.Process?.Pid, found.Process?.Name, found.Process?.Executable)
        );
        // the socket's uid, as for live owners
        Assert.Equal(("1000", "alice"), (found.Process?.UserId, found.Process?.UserName));
    }

    [Fact]
    public void Resolve_ClientWhoseSocketIsAlreadyClosed_IsNamedFromTheEndpointHistory()
    {
        (SocketHistoryPoller history, LinuxSocketOwnerResolver resolver) = ResolverWithHistory();
        history.PollOnce();
        string table = _proc.Files["/proc/net/udp"];
        _proc.AddProcess(6001, "/usr/bin/python3", "python3", 9100, 780);
        _proc.Files["/proc/net/udp"] = table + "2: 0100007F:C353 0100007F:0035 01 0:0 00:0 0 0 0 780 2 0 0\n";
        history.PollOnce();

        _proc.RemoveProcess(6001); // sent its query and exited: socket and process are both gone
        _proc.Files["/proc/net/udp"] = table;
        OwnerLookup found = resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50003);

        Assert.Equal(
            ("history_cache", "medium", 6001, "0", "root"),
            (found.Method, found.Confidence, found.Process?.Pid, found.Process?.UserId, found.Process?.UserName)
        );
    }

    [Fact]
    public void Resolve_ASocketOfAYoungProcess_IsLookedForThereBeforeListingProc()
    {
        (SocketHistoryPoller history, LinuxSocketOwnerResolver resolver) = ResolverWithHistory();
        history.PollOnce();
        _proc.AddProcess(6002, "/usr/bin/dig", "dig", 9200);
        history.PollOnce(); // young, no socket yet
        _proc.Links["/proc/6002/fd/5"] = "socket:[781]";
        _proc.Files["/proc/net/udp"] += "2: 0100007F:C354 0100007F:0035 01 0:0 00:0 0 0 0 781 2 0 0\n";
        int listings = _proc.Listings;

        OwnerLookup found = resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50004);

        Assert.Equal(("procfs", "high", 6002), (found.Method, found.Confidence, found.Process?.Pid));
        Assert.Equal(listings, _proc.Listings);
    }

    [Fact]
    public void Resolve_OwnerGoneBetweenItsFdsAndItsDetails_IsNamedFromThePollersLastRead()
    {
        (SocketHistoryPoller history, LinuxSocketOwnerResolver resolver) = ResolverWithHistory();
        history.PollOnce();
        _proc.AddProcess(6003, "/usr/bin/python3.13", "python3", 9300);
        history.PollOnce();
        _proc.Links["/proc/6003/fd/3"] = "socket:[782]";
        _proc.Files["/proc/net/udp"] += "2: 0100007F:C355 0100007F:0035 01 0:0 00:0 0 1000 0 782 2 0 0\n";
        _proc.Files.Remove("/proc/6003/stat"); // exiting: its fd table is read a moment before its details go

        OwnerLookup found = resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 50005);

        Assert.Equal(
            ("procfs", 6003, "python3.13", "1000"),
            (found.Method, found.Process?.Pid, found.Process?.Name, found.Process?.UserId)
        );
    }
}
