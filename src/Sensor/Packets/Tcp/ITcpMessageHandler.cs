namespace IpLookupSensor.Sensor.Packets.Tcp;

/// <summary>
/// Receives each whole DNS message that reassembly completes, while the segment that completed it is current.
/// </summary>
internal interface ITcpMessageHandler
{
    void OnTcpMessage(ReadOnlySpan<byte> message);

    void OnSkipped(Pipeline.SkipReason reason);
}
