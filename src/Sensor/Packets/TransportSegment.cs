namespace IpLookupSensor.Sensor.Packets;

/// <summary>A UDP datagram or TCP segment located inside a captured frame; spans point into the frame.</summary>
internal ref struct TransportSegment
{
    public IpAddressValue Source;
    public IpAddressValue Destination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public Transport Transport;
    public uint TcpSequence;
    public TcpFlags TcpFlags;
    public ReadOnlySpan<byte> Payload;
}
