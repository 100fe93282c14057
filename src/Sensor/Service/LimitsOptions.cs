namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// The bounds on what the sensor holds, whatever the traffic (docs/security.md): the kernel ring, DNS-over-TCP
/// reassembly and the attribution queue. The defaults suit a host or a small gateway; a busy gateway wants a bigger
/// ring, a small device smaller reassembly budgets.
/// </summary>
internal sealed class LimitsOptions
{
    /// <summary>The kernel's capture ring per interface.</summary>
    public int CaptureBufferMegabytes { get; set; } = 32;

    /// <summary>
    /// Bytes kept of each packet; 0: 4,096 in host mode (one ring slot per packet), 65,535 in gateway mode.
    /// </summary>
    public int SnapLength { get; set; }

    public int TcpMaxFlows { get; set; } = 10_000;

    public int TcpMaxBytesPerFlow { get; set; } = 2 * (65_535 + 2);

    public int TcpMaxTotalMegabytes { get; set; } = 64;

    public int TcpIdleTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Host mode: events waiting for /proc; beyond it an event goes on unattributed, reason overload.
    /// </summary>
    public int AttributionQueueCapacity { get; set; } = Detection.AttributionQueue.DefaultCapacity;

    public Packets.Tcp.TcpReassemblyOptions TcpReassembly =>
        new()
        {
            MaxFlows = TcpMaxFlows,
            MaxBytesPerFlow = TcpMaxBytesPerFlow,
            MaxTotalBytes = (long)TcpMaxTotalMegabytes << 20,
            IdleTimeout = TimeSpan.FromSeconds(TcpIdleTimeoutSeconds),
        };
}
