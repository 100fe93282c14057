using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Fixtures;

/// <summary>No packet and no file, however it is cut or damaged, makes the sensor throw or hang.</summary>
public sealed class DamagedInputTests
{
    public static TheoryData<string> Captures =>
        [.. Repository.CaptureFiles().Select(f => Path.GetRelativePath(Repository.Pcaps, f))];

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryPacket_CutAtEveryLength_IsDecodedOrCounted(string relativePath)
    {
        List<(byte[] Data, int LinkType)> frames = CapturedFrames.Read(Path.Combine(Repository.Pcaps, relativePath));

        var pipeline = new DnsPipeline(NullEventSink.Instance, new TcpReassemblyOptions());
        long cuts = 0;
        foreach ((byte[] data, int linkType) in frames)
        {
            for (int length = 0; length <= data.Length; length++)
            {
                pipeline.OnPacket(
                    new PacketRecord(
                        data.AsSpan(0, length),
                        CaptureWriter.BaseTime,
                        linkType,
                        TimestampPrecision.Microseconds
                    )
                );
                cuts++;
            }
        }

        pipeline.Complete();
        PipelineCounters counters = pipeline.Counters;
        long skipped = 0;
        foreach (long count in counters.Skipped)
        {
            skipped += count;
        }

        Assert.Equal(cuts, counters.Packets);
        Assert.True(skipped > 0, "cut packets must be counted as skipped");
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void File_CutAtEveryLength_ExitsCleanly(string relativePath)
    {
        byte[] file = File.ReadAllBytes(Path.Combine(Repository.Pcaps, relativePath));
        string cut = Path.Combine(
            Directory.CreateTempSubdirectory("ipls-cut-").FullName,
            Path.GetFileName(relativePath)
        );
        int step = Math.Max(1, file.Length / 400); // every length for small files, 400 cuts for the larger ones
        for (int length = 0; length < file.Length; length += step)
        {
            File.WriteAllBytes(cut, file[..length]);
            Replay.Result result;
            try
            {
                result = Replay.Run(cut, "--events");
            }
            catch (CaptureFileException e)
            {
                // Raised while opening (empty, header cut): the CLI turns it into exit code 2.
                Assert.Contains(cut, e.Message, StringComparison.Ordinal);
                continue;
            }

            Assert.True(result.ExitCode is 0 or 2, $"cut at {length}: exit {result.ExitCode}");
            if (result.ExitCode == 2)
            {
                Assert.Contains("truncated", result.Stderr, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void File_WithFlippedBytes_ExitsCleanly(string relativePath)
    {
        byte[] original = File.ReadAllBytes(Path.Combine(Repository.Pcaps, relativePath));
        string damaged = Path.Combine(
            Directory.CreateTempSubdirectory("ipls-flip-").FullName,
            Path.GetFileName(relativePath)
        );
        var random = new Random(relativePath.Length); // deterministic per file
        for (int round = 0; round < 200; round++)
        {
            byte[] file = (byte[])original.Clone();
            for (int flips = 0; flips < 4; flips++)
            {
                file[random.Next(file.Length)] = (byte)random.Next(256);
            }

            File.WriteAllBytes(damaged, file);
            try
            {
                Replay.Result result = Replay.Run(damaged, "--events");
                Assert.True(result.ExitCode is 0 or 2);
            }
            catch (CaptureFileException e)
            {
                Assert.Contains(damaged, e.Message, StringComparison.Ordinal);
            }
        }
    }
}
