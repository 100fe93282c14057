namespace IpLookupSensor.Sensor.Packets.Tcp;

/// <summary>
/// One direction of a TCP connection as one interface saw it: DNS over TCP carries queries one way and responses
/// the other, and two interfaces of one capture (lo and any) can each hold a copy of the same segments.
/// </summary>
internal readonly record struct TcpFlowKey(
    IpAddressValue Source,
    IpAddressValue Destination,
    ushort SourcePort,
    ushort DestinationPort,
    int InterfaceId
);
