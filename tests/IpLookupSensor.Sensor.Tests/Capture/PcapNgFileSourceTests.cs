using System.Buffers.Binary;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Capture.Files;
using IpLookupSensor.Sensor.Tests.Support;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;

namespace IpLookupSensor.Sensor.Tests.Capture;

public sealed class PcapNgFileSourceTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-ng-").FullName;

    [Fact]
    public void Run_SimpleAndObsoletePacketBlocks_AreDelivered()
    {
        byte[] frame = Frames.Ethernet(Frames.Udp("192.0.2.1", "192.0.2.53", 5000, 53, Query(1, "spb.example")));
        byte[] withInterface = CaptureWriter.PcapNg([new(1, 6, "eth0")], []);
        byte[] simple = Block(3, [.. U32(frame.Length), .. frame, .. Pad(frame.Length)]);
        byte[] obsolete = Block(
            2,
            [
                .. U16(0),
                .. U16(0),
                .. U32(0),
                .. U32(1_000_000),
                .. U32(frame.Length),
                .. U32(frame.Length),
                .. frame,
                .. Pad(frame.Length),
            ]
        );

        List<(int Length, long Timestamp)> packets = Read([.. withInterface, .. simple, .. obsolete]);

        Assert.Equal([(frame.Length, 0L), (frame.Length, 1_000_000_000L)], packets);
    }

    [Fact]
    public void Run_PacketForUndescribedInterface_IsCorruption()
    {
        byte[] file = CaptureWriter.PcapNg([new(1, 6, "eth0")], [(0, new byte[60])]);
        const int EnhancedBlockLength = 12 + 20 + 60; // header and trailer, fixed fields, the frame
        // its interface id
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - EnhancedBlockLength + 8), 7);
        CaptureFileException error = Assert.Throws<CaptureFileException>(() => Read(file));
        Assert.Contains("refers to interface 7, but the section describes 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BlockLengthNotAMultipleOfFour_IsCorruption()
    {
        byte[] file = CaptureWriter.PcapNg([new(1, 6, "eth0")], []);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 30);
        CaptureFileException error = Assert.Throws<CaptureFileException>(() => Read(file));
        Assert.Contains("impossible length 30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnsupportedInterfaceLinkType_NamesTheInterface()
    {
        CaptureFileException error = Assert.Throws<CaptureFileException>(() =>
            Read(CaptureWriter.PcapNg([new(1, 6, "eth0"), new(105, 6, "wlan0")], []))
        );
        Assert.EndsWith(
            "unsupported link type IEEE802_11 (105) on interface 1",
            error.Message,
            StringComparison.Ordinal
        );
    }

    private List<(int Length, long Timestamp)> Read(byte[] content)
    {
        string path = Path.Combine(_folder, "test.pcapng");
        File.WriteAllBytes(path, content);
        var packets = new List<(int, long)>();
        using IPacketSource source = CaptureFile.Open(path);
        source.Run(_ => new Collector(packets), CancellationToken.None);
        return packets;
    }

    private static byte[] Block(uint type, byte[] body) =>
        [.. U32((int)type), .. U32(body.Length + 12), .. body, .. U32(body.Length + 12)];

    private static byte[] U32(int value) => BitConverter.GetBytes((uint)value);

    private static byte[] U16(int value) => BitConverter.GetBytes((ushort)value);

    private static byte[] Pad(int length) => new byte[(4 - (length % 4)) % 4];

    private sealed class Collector(List<(int, long)> packets) : IPacketHandler
    {
        public void OnPacket(in PacketRecord packet) => packets.Add((packet.Data.Length, packet.Timestamp));
    }
}
