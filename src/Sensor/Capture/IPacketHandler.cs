namespace IpLookupSensor.Sensor.Capture;

/// <summary>Receives frames from a capture source, on the source's thread.</summary>
internal interface IPacketHandler
{
    void OnPacket(in PacketRecord packet);
}
