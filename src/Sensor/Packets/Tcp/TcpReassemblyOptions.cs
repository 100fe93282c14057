namespace IpLookupSensor.Sensor.Packets.Tcp;

/// <summary>Bounds on what DNS-over-TCP reassembly may hold, whatever the traffic.</summary>
internal sealed record TcpReassemblyOptions
{
    /// <summary>Flows tracked at once; beyond it the least recently seen flow is evicted.</summary>
    public int MaxFlows { get; init; } = 10_000;

    /// <summary>
    /// Bytes one flow may buffer: a whole 65,535-byte message with its prefix, plus out-of-order data.
    /// </summary>
    public int MaxBytesPerFlow { get; init; } = 2 * (65_535 + 2);

    /// <summary>Bytes all flows together may buffer.</summary>
    public long MaxTotalBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Out-of-order segments one flow may hold while it waits for a gap to fill.</summary>
    public int MaxOutOfOrderSegments { get; init; } = 16;

    /// <summary>A flow not seen for this long (packet time) is dropped.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
