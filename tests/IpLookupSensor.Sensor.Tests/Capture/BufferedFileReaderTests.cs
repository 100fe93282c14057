using System.Runtime.Versioning;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Capture.Files;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Capture;

/// <summary>
/// The read-ahead reader behind capture files: records cut by its 1 MiB chunks, records longer than the room it
/// keeps for a cut record, files either side of the size it reads whole without the second thread, and a pipe that
/// delivers a capture in pieces all come through whole and in order.
/// </summary>
public sealed class BufferedFileReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Records_AcrossChunkBoundaries_IncludingOnesLargerThanTheHeadroom_ComeThroughWhole()
    {
        // Sizes that move the record boundaries across every chunk edge, and frames of 100 KB and 900 KB.
        var frames = new List<byte[]>();
        for (int i = 0; frames.Sum(f => f.Length + 16) < 5_000_000; i++)
        {
            int length =
                i % 97 == 50 ? 100_000
                : i % 401 == 200 ? 900_000
                : 60 + (i * 37 % 1400);
            frames.Add(Frame(i, length));
        }

        string path = Path.Combine(_folder, "chunks.pcap");
        File.WriteAllBytes(path, CaptureWriter.Pcap(1, frames));

        List<byte[]> read = ReadAll(path);

        Assert.Equal(frames.Count, read.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.True(frames[i].AsSpan().SequenceEqual(read[i]), $"frame {i} ({frames[i].Length} bytes) differs");
        }
    }

    [Theory]
    [InlineData(1 << 20)] // read whole on the caller's thread
    [InlineData((1 << 20) + 1)] // through the read-ahead thread
    public void Files_OnEitherSideOfTheSmallFileLimit_ComeThroughWhole(int fileSize)
    {
        var frames = new List<byte[]>();
        int left = fileSize - 24; // the file header; each record has 16 bytes of its own
        while (left > 2 * 1016)
        {
            frames.Add(Frame(frames.Count, 1000));
            left -= 1016;
        }

        frames.Add(Frame(frames.Count, left - 16));
        string path = Path.Combine(_folder, "limit.pcap");
        File.WriteAllBytes(path, CaptureWriter.Pcap(1, frames));
        Assert.Equal(fileSize, new FileInfo(path).Length);

        List<byte[]> read = ReadAll(path);

        Assert.Equal(frames.Count, read.Count);
        Assert.All(frames.Zip(read), pair => Assert.True(pair.First.AsSpan().SequenceEqual(pair.Second)));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Pipe_DeliveringTheCaptureInPieces_IsReadToTheEnd()
    {
        byte[][] frames = [.. Enumerable.Range(0, 300).Select(i => Frame(i, 80 + i))];
        byte[] file = CaptureWriter.Pcap(1, frames);
        string fifo = Path.Combine(_folder, "capture.fifo");
        using (System.Diagnostics.Process mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        Task writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            await stream.WriteAsync(file.AsMemory(0, file.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(300);
            await stream.WriteAsync(file.AsMemory(file.Length / 2));
        });
        List<byte[]> read = await Task.Run(() => ReadAll(fifo));
        await writer;

        Assert.Equal(frames.Length, read.Count);
        Assert.True(frames[^1].AsSpan().SequenceEqual(read[^1]));
    }

    private static List<byte[]> ReadAll(string path)
    {
        var read = new List<byte[]>();
        using IPacketSource source = CaptureFile.Open(path);
        source.Run(_ => new Collector(read), CancellationToken.None);
        return read;
    }

    private static byte[] Frame(int index, int length)
    {
        var frame = new byte[length];
        new Random(index).NextBytes(frame);
        return frame;
    }

    private sealed class Collector(List<byte[]> read) : IPacketHandler
    {
        public void OnPacket(in PacketRecord packet) => read.Add(packet.Data.ToArray());
    }
}
