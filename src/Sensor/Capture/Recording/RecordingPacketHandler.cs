namespace IpLookupSensor.Sensor.Capture.Recording;

/// <summary>run --write-pcap: each frame goes to the file, then on to the pipeline.</summary>
internal sealed class RecordingPacketHandler(IPacketHandler inner, PcapNgWriter writer, string interfaceName)
    : IPacketHandler
{
    public void OnPacket(in PacketRecord packet)
    {
        writer.Write(interfaceName, packet);
        inner.OnPacket(packet);
    }
}
