using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;

namespace IpLookupSensor.Sensor.Tests.Cli;

public sealed class ReplayCommandTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-cli-").FullName;

    [Fact]
    public void Replay_FileCutInsideAPacket_PrintsWhatCameBeforeAndExits2()
    {
        byte[] file = CaptureWriter.Pcap(1, [Frame("first.example"), Frame("second.example")]);
        string path = Write("cut.pcap", file[..^5]);

        Replay.Result result = Replay.Run(path, "--events");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains("first.example", Assert.Single(result.Lines), StringComparison.Ordinal);
        Assert.Contains($"{path}: truncated: the file ends inside packet 2", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0], "empty file, not a capture")]
    [InlineData(new byte[] { 0xD4, 0xC3 }, "truncated: 2 bytes, too short")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, "gzip-compressed; decompress it first")]
    [InlineData(new byte[] { (byte)'r', (byte)'o', (byte)'o', (byte)'t' }, "not a pcap or pcapng capture")]
    public void Open_NotACapture_SaysWhatItIs(byte[] content, string expected)
    {
        string path = Write("bad.pcap", content);
        CaptureFileException error = Assert.Throws<CaptureFileException>(() => Replay.Run(path));
        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnsupportedLinkType_NamesIt()
    {
        string path = Write("wifi.pcap", CaptureWriter.Pcap(127, []));
        CaptureFileException error = Assert.Throws<CaptureFileException>(() => Replay.Run(path));
        Assert.Equal($"{path}: unsupported link type IEEE802_11_RADIOTAP (127)", error.Message);
    }

    [Fact]
    public void Open_MissingFileOrFolder_SaysSo()
    {
        Assert.Contains(
            "no such file",
            Assert.Throws<CaptureFileException>(() => Replay.Run(Path.Combine(_folder, "nope.pcap"))).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "is a directory",
            Assert.Throws<CaptureFileException>(() => Replay.Run(_folder)).Message,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Replay_HugeRecordLength_IsCorruptionNotAnAllocation()
    {
        byte[] file = CaptureWriter.Pcap(1, [Frame("x.example")]);
        BitConverter.TryWriteBytes(file.AsSpan(24 + 8), 0x7FFF_FFFF); // incl_len of packet 1
        Replay.Result result = Replay.Run(Write("huge.pcap", file));
        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains(
            "corrupt: packet 1 at offset 24 claims 2147483647 bytes",
            result.Stderr,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Replay_WithoutEvents_PrintsNoEventsButSummarises()
    {
        Replay.Result result = Replay.Run(Write("one.pcap", CaptureWriter.Pcap(1, [Frame("quiet.example")])));
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains(
            "1 packets, 1 DNS messages (1 queries, 0 responses), 1 events",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.Contains("packets/s", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "give exactly one capture file")]
    [InlineData(new[] { "a.pcap", "--bogus" }, "unknown option --bogus")]
    public void Replay_BadArguments_AreUsageErrors(string[] args, string expected)
    {
        UsageException error = Assert.Throws<UsageException>(() => Replay.Run(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static byte[] Frame(string name) =>
        Frames.Ethernet(Frames.Udp("192.0.2.1", "192.0.2.53", 5000, 53, Query(1, name)));

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
