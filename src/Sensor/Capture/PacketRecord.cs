namespace IpLookupSensor.Sensor.Capture;

/// <summary>One captured frame as a source hands it over; <see cref="Data"/> is valid only during the call.</summary>
internal readonly ref struct PacketRecord(
    ReadOnlySpan<byte> data,
    long timestamp,
    int linkType,
    TimestampPrecision precision,
    int interfaceId = 0
)
{
    public ReadOnlySpan<byte> Data { get; } = data;

    /// <summary>Capture time in nanoseconds since the Unix epoch.</summary>
    public long Timestamp { get; } = timestamp;

    public int LinkType { get; } = linkType;

    public TimestampPrecision Precision { get; } = precision;

    /// <summary>Which interface of the source saw the frame (pcapng interface id; 0 otherwise).</summary>
    public int InterfaceId { get; } = interfaceId;
}
