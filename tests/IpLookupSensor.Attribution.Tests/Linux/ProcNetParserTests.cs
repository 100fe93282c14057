using System.Net;
using IpLookupSensor.Attribution.Linux;

namespace IpLookupSensor.Attribution.Tests.Linux;

public sealed class ProcNetParserTests
{
    // Lines as the kernel writes them (shapes verified on this machine in docs/attribution.md §3.2).
    private const string Udp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
          1: 020200C0:AE78 35FFFF0A:0035 01 00000000:00000000 00:00000000 00000000     0        0 48211 2 0000000000000000 0
          2: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 17 2 0000000000000000 0
          3: garbage line
        """;

    [Fact]
    public void Parse_Ipv4Table_DecodesAddressesPortsUidAndInode()
    {
        List<SocketEntry> entries = ProcNetParser.Parse(Udp, SocketTransport.Udp);

        Assert.Equal(2, entries.Count);
        Assert.Equal(
            new SocketEntry(
                SocketTransport.Udp,
                IPAddress.Parse("192.0.2.2"),
                44664,
                IPAddress.Parse("10.255.255.53"),
                53,
                1,
                0,
                48211
            ),
            entries[0]
        );
        Assert.Equal(
            (IPAddress.Parse("127.0.0.1"), (ushort)53, 101u, 17ul),
            (entries[1].LocalAddress, entries[1].LocalPort, entries[1].Uid, entries[1].Inode)
        );
    }

    [Theory]
    [InlineData("00000000000000000000000001000000:8767", "::1", 34663)]
    [InlineData("0000000000000000FFFF00000100007F:0035", "::ffff:127.0.0.1", 53)]
    [InlineData("B80D0120000000000000000053000000:01BB", "2001:db8::53", 443)]
    [InlineData("00000000:0000", "0.0.0.0", 0)]
    public void TryParseEndpoint_WordsAreLittleEndianPortsAreNot(string text, string address, int port)
    {
        Assert.True(ProcNetParser.TryParseEndpoint(text, out IPAddress? parsed, out ushort parsedPort));
        Assert.Equal(IPAddress.Parse(address), parsed);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("0100007F0035")]
    [InlineData("0100007F:ZZZZ")]
    [InlineData("XX00007F:0035")]
    [InlineData("0100007:0035")]
    public void TryParseEndpoint_Malformed_IsRefused(string text) =>
        Assert.False(ProcNetParser.TryParseEndpoint(text, out _, out _));
}
