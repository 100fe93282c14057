using System.Buffers.Binary;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// Frames of every supported link type through one pipeline, so TCP reassembly sees sequences: the input is a
/// series of [link type selector][16-bit length][frame].
/// </summary>
internal static class FrameTarget
{
    private static readonly int[] LinkTypeValues = [.. Enum.GetValues<LinkType>().Select(t => (int)t)];

    public static void Run(byte[] input)
    {
        (Sensor.Pipeline.DnsPipeline pipeline, Action complete) = FuzzPipeline.Create();
        ReadOnlySpan<byte> rest = input;
        for (long time = 1_700_000_000_000_000_000; rest.Length >= 3; time += 1_000_000)
        {
            int linkType = LinkTypeValues[rest[0] % LinkTypeValues.Length];
            int length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(rest[1..]), rest.Length - 3);
            pipeline.OnPacket(new PacketRecord(rest.Slice(3, length), time, linkType, TimestampPrecision.Nanoseconds));
            rest = rest[(3 + length)..];
        }

        complete();
    }
}
