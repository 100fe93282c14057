namespace IpLookupSensor.Sensor.Capture.Live;

internal sealed record LiveCaptureOptions
{
    public const string DefaultFilter = "udp port 53 or tcp port 53";

    /// <summary>Interfaces to open; empty means every interface that is up, loopback included.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>The BPF filter compiled into the kernel, so only DNS reaches us.</summary>
    public string Filter { get; init; } = DefaultFilter;

    /// <summary>Kernel ring buffer per interface; larger absorbs longer bursts before the kernel drops.</summary>
    public int BufferBytes { get; init; } = 8 << 20;

    public int SnapLength { get; init; } = 65_535;
}
