using System.Net;
using IpLookupSensor.Attribution.Windows;
using NSubstitute;

namespace IpLookupSensor.Attribution.Tests.Windows;

public sealed class WindowsSocketOwnerResolverTests
{
    private static readonly byte[] s_networkService = Convert.FromHexString("010100000000000514000000");
    private static readonly byte[] s_alice = Convert.FromHexString(
        "010500000000000515000000D2040000A3DA0100E8030000E9030000"
    );

    private readonly IIpHelper _ipHelper = Substitute.For<IIpHelper>();
    private readonly IWindowsProcesses _processes = Substitute.For<IWindowsProcesses>();
    private readonly Dictionary<(SocketTransport, bool), byte[]> _tables = [];

    public WindowsSocketOwnerResolverTests()
    {
        foreach (SocketTransport transport in new[] { SocketTransport.Udp, SocketTransport.Tcp })
        {
            foreach (bool ipv6 in new[] { false, true })
            {
                _tables[(transport, ipv6)] = new OwnerTableBuilder(transport, ipv6).Build();
            }
        }

        _ipHelper
            .GetOwnerTable(default, default, default!, ref Arg.Any<uint>())
            .ReturnsForAnyArgs(call =>
            {
                byte[] table = _tables[(call.ArgAt<SocketTransport>(0), call.ArgAt<bool>(1))];
                byte[] buffer = call.ArgAt<byte[]>(2);
                if (buffer.Length < table.Length)
                {
                    call[3] = (uint)table.Length;
                    return 122u;
                }

                Array.Clear(buffer);
                table.CopyTo(buffer, 0);
                return 0u;
            });
    }

    private WindowsSocketOwnerResolver Resolver => new(new IpHelperTableReader(_ipHelper), _processes, "host-a");

    [Fact]
    public void AnExactAddress_WinsOverTheWildcard()
    {
        _tables[(SocketTransport.Udp, false)] = new OwnerTableBuilder(SocketTransport.Udp, false)
            .Row("0.0.0.0", 50_000, 11)
            .Row("192.168.1.20", 50_000, 22)
            .Build();

        Assert.Equal(22, Resolver.FindRow(SocketTransport.Udp, IPAddress.Parse("192.168.1.20"), 50_000)?.Pid);
        Assert.Equal(11, Resolver.FindRow(SocketTransport.Udp, IPAddress.Parse("10.9.9.9"), 50_000)?.Pid);
        Assert.Null(Resolver.FindRow(SocketTransport.Udp, IPAddress.Parse("192.168.1.20"), 50_001));
    }

    [Theory]
    [InlineData("::ffff:192.168.1.20")]
    [InlineData("::")]
    public void AnIpv4Query_IsFoundInTheIpv6TableOfADualModeSocket(string boundAs)
    {
        _tables[(SocketTransport.Udp, true)] = new OwnerTableBuilder(SocketTransport.Udp, true)
            .Row(boundAs, 50_000, 33)
            .Build();

        Assert.Equal(33, Resolver.FindRow(SocketTransport.Udp, IPAddress.Parse("192.168.1.20"), 50_000)?.Pid);
    }

    [Fact]
    public void RowsWithoutAnOwner_AreSkipped()
    {
        _tables[(SocketTransport.Tcp, false)] = new OwnerTableBuilder(SocketTransport.Tcp, false)
            .Row("10.0.0.5", 50_001, 0, "10.0.0.1", 53, state: 11)
            .Row("10.0.0.5", 50_001, 44, "10.0.0.1", 53, state: 5)
            .Build();

        Assert.Equal(44, Resolver.FindRow(SocketTransport.Tcp, IPAddress.Parse("10.0.0.5"), 50_001)?.Pid);
    }

    [Fact]
    public void AnOpenedProcess_GivesItsWin32PathUserAndStart()
    {
        _tables[(SocketTransport.Udp, false)] = new OwnerTableBuilder(SocketTransport.Udp, false)
            .Row("10.0.0.5", 61_000, 5120)
            .Build();
        long created = new DateTime(2026, 11, 28, 9, 30, 0, DateTimeKind.Utc).ToFileTimeUtc();
        _processes
            .Query(5120)
            .Returns(
                new WindowsProcessFacts(
                    WindowsProcessAccess.Opened,
                    @"C:\Windows\System32\curl.exe",
                    created,
                    s_alice,
                    @"curl.exe -s ""https://api.ipify.org"""
                )
            );
        _processes.LookupAccount(s_alice).Returns(("alice", "CONTOSO"));

        WindowsSocketOwnerResolver resolver = Resolver;
        OwnerLookup found = resolver.Resolve(SocketTransport.Udp, IPAddress.Parse("10.0.0.5"), 61_000)!;
        ProcessIdentityInfo owner = found.Process!;
        resolver.Resolve(SocketTransport.Udp, IPAddress.Parse("10.0.0.5"), 61_000);

        Assert.Equal(("iphlpapi", "high", null), (found.Method, found.Confidence, found.Reason));
        Assert.Equal((5120, "curl.exe", @"C:\Windows\System32\curl.exe"), (owner.Pid, owner.Name, owner.Executable));
        Assert.Equal(
            ("S-1-5-21-1234-121507-1000-1001", "alice", "CONTOSO"),
            (owner.UserId, owner.UserName, owner.UserDomain)
        );
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero), owner.Start);
        Assert.Equal(["curl.exe", "-s", "https://api.ipify.org"], owner.Args);
        _processes.Received(1).LookupAccount(s_alice); // cached: LookupAccountSid can block on a domain controller
    }

    [Fact]
    public void AWellKnownServiceAccount_IsNamedWithoutALookup()
    {
        _processes
            .Query(1700)
            .Returns(
                new WindowsProcessFacts(
                    WindowsProcessAccess.Opened,
                    @"C:\Windows\System32\svchost.exe",
                    1,
                    s_networkService
                )
            );

        ProcessIdentityInfo owner = Resolver.Describe(1700)!;

        Assert.Equal(("S-1-5-20", "NETWORK SERVICE", "NT AUTHORITY"), (owner.UserId, owner.UserName, owner.UserDomain));
        _processes.DidNotReceiveWithAnyArgs().LookupAccount(default!);
    }

    [Fact]
    public void TheSystemProcess_IsDescribedWithoutOpeningIt()
    {
        ProcessIdentityInfo owner = Resolver.Describe(4)!;

        Assert.Equal(
            (4, "System", null, "S-1-5-18", "SYSTEM"),
            (owner.Pid, owner.Name, owner.Executable, owner.UserId, owner.UserName)
        );
        _processes.DidNotReceiveWithAnyArgs().Query(default);
    }

    [Fact]
    public void AProtectedProcess_IsNamedFromTheSnapshot_WithoutUser_AtMediumConfidence()
    {
        _tables[(SocketTransport.Udp, false)] = new OwnerTableBuilder(SocketTransport.Udp, false)
            .Row("0.0.0.0", 62_000, 3000)
            .Build();
        _processes.Query(3000).Returns(new WindowsProcessFacts(WindowsProcessAccess.AccessDenied));
        _processes.SnapshotName(3000).Returns("MsMpEng.exe");

        OwnerLookup found = Resolver.Resolve(SocketTransport.Udp, IPAddress.Parse("10.0.0.5"), 62_000);

        Assert.Equal(
            ("MsMpEng.exe", null, null),
            (found.Process?.Name, found.Process?.Executable, found.Process?.UserId)
        );
        Assert.Equal(("medium", "access_denied"), (found.Confidence, found.Reason));
    }

    [Fact]
    public void NoRow_IsSocketClosed_AndAGoneProcess_IsPidExited()
    {
        _tables[(SocketTransport.Udp, false)] = new OwnerTableBuilder(SocketTransport.Udp, false)
            .Row("0.0.0.0", 62_001, 3002)
            .Build();
        _processes.Query(3002).Returns(new WindowsProcessFacts(WindowsProcessAccess.Gone));

        Assert.Equal(OwnerLookup.SocketClosed, Resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 62_002));
        Assert.Equal(OwnerLookup.PidExited, Resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, 62_001));
    }

    [Fact]
    public void AProcessThatExited_IsNotNamed()
    {
        _processes.Query(3001).Returns(new WindowsProcessFacts(WindowsProcessAccess.Gone));

        Assert.Null(Resolver.Describe(3001));
    }

    [Fact]
    public void TheEntityId_ChangesWhenThePidIsReused()
    {
        _processes
            .Query(600)
            .Returns(
                new WindowsProcessFacts(WindowsProcessAccess.Opened, @"C:\a.exe", 1000, s_alice),
                new WindowsProcessFacts(WindowsProcessAccess.Opened, @"C:\a.exe", 1000, s_alice),
                new WindowsProcessFacts(WindowsProcessAccess.Opened, @"C:\b.exe", 2000, s_alice)
            );
        WindowsSocketOwnerResolver resolver = Resolver;

        string first = resolver.Describe(600)!.EntityId;

        Assert.Equal(first, resolver.Describe(600)!.EntityId);
        Assert.NotEqual(first, resolver.Describe(600)!.EntityId);
    }
}
