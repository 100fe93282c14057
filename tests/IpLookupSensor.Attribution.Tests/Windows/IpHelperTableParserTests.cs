using System.Net;
using IpLookupSensor.Attribution.Windows;

namespace IpLookupSensor.Attribution.Tests.Windows;

public sealed class IpHelperTableParserTests
{
    [Fact]
    public void Udp4_ReadsAddressPortAndPid_IgnoringJunkInTheUpperPortBytes()
    {
        byte[] table = new OwnerTableBuilder(SocketTransport.Udp, ipv6: false)
            .Row("192.168.1.20", 53_012, 4242)
            .Row("0.0.0.0", 5353, 1888)
            .Build();

        List<IpHelperRow> rows = IpHelperTableParser.Parse(table, SocketTransport.Udp, ipv6: false);

        Assert.Equal(2, rows.Count);
        Assert.Equal(
            (IPAddress.Parse("192.168.1.20"), (ushort)53_012, 4242),
            (rows[0].LocalAddress, rows[0].LocalPort, rows[0].Pid)
        );
        Assert.Equal((IPAddress.Any, (ushort)5353, 1888), (rows[1].LocalAddress, rows[1].LocalPort, rows[1].Pid));
        Assert.Null(rows[0].RemoteAddress);
    }

    [Fact]
    public void Udp6_ReadsTheScopeBetweenAddressAndPort()
    {
        byte[] table = new OwnerTableBuilder(SocketTransport.Udp, ipv6: true)
            .Row("fe80::1", 61_000, 77, scope: 12)
            .Build();

        IpHelperRow row = Assert.Single(IpHelperTableParser.Parse(table, SocketTransport.Udp, ipv6: true));

        Assert.Equal(
            (IPAddress.Parse("fe80::1"), (ushort)61_000, 12u, 77),
            (row.LocalAddress, row.LocalPort, row.LocalScopeId, row.Pid)
        );
    }

    [Fact]
    public void Tcp4_ReadsStateFirstThenBothEndpoints()
    {
        byte[] table = new OwnerTableBuilder(SocketTransport.Tcp, ipv6: false)
            .Row("10.0.0.5", 50_001, 900, remote: "10.0.0.1", remotePort: 53, state: 5)
            .Build();

        IpHelperRow row = Assert.Single(IpHelperTableParser.Parse(table, SocketTransport.Tcp, ipv6: false));

        Assert.Equal(5u, row.State);
        Assert.Equal((IPAddress.Parse("10.0.0.5"), (ushort)50_001), (row.LocalAddress, row.LocalPort));
        Assert.Equal((IPAddress.Parse("10.0.0.1"), (ushort)53), (row.RemoteAddress, row.RemotePort));
        Assert.Equal(900, row.Pid);
    }

    [Fact]
    public void Tcp6_ReadsEveryField()
    {
        byte[] table = new OwnerTableBuilder(SocketTransport.Tcp, ipv6: true)
            .Row("2001:db8::5", 50_002, 901, remote: "2001:db8::53", remotePort: 53, state: 5, scope: 3)
            .Build();

        IpHelperRow row = Assert.Single(IpHelperTableParser.Parse(table, SocketTransport.Tcp, ipv6: true));

        Assert.Equal(
            (IPAddress.Parse("2001:db8::5"), (ushort)50_002, 3u),
            (row.LocalAddress, row.LocalPort, row.LocalScopeId)
        );
        Assert.Equal((IPAddress.Parse("2001:db8::53"), (ushort)53), (row.RemoteAddress, row.RemotePort));
        Assert.Equal((5u, 901), (row.State, row.Pid));
    }

    [Fact]
    public void TrailingSpaceAfterTheRows_IsIgnored()
    {
        byte[] table = new OwnerTableBuilder(SocketTransport.Udp, ipv6: false)
            .Row("127.0.0.1", 1, 2)
            .Build(extraBytes: 100);

        Assert.Single(IpHelperTableParser.Parse(table, SocketTransport.Udp, ipv6: false));
    }

    [Theory]
    [InlineData(new byte[] { 1, 0 })] // shorter than the count
    [InlineData(new byte[] { 2, 0, 0, 0, 1, 2, 3, 4, 5, 6 })] // two rows claimed, less than one present
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })] // a count that would overflow
    public void ACountThatDoesNotFitTheBuffer_IsAFormatError(byte[] table) =>
        Assert.Throws<FormatException>(() => IpHelperTableParser.Parse(table, SocketTransport.Udp, ipv6: false));
}
