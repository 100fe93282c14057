using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Capture.Files;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>The frames of a capture file, copied out, to feed a pipeline directly.</summary>
internal static class CapturedFrames
{
    public static List<(byte[] Data, int LinkType)> Read(string path)
    {
        var frames = new List<(byte[] Data, int LinkType)>();
        using IPacketSource source = CaptureFile.Open(path);
        source.Run(_ => new Collector(frames), CancellationToken.None);
        return frames;
    }

    private sealed class Collector(List<(byte[] Data, int LinkType)> frames) : IPacketHandler
    {
        public void OnPacket(in PacketRecord packet) => frames.Add((packet.Data.ToArray(), packet.LinkType));
    }
}
