namespace IpLookupSensor.Sensor.Capture;

/// <summary>A live interface set or a capture file, behind one shape.</summary>
internal interface IPacketSource : IDisposable
{
    /// <summary>What is being read, for messages: a file path or interface names.</summary>
    string Description { get; }

    /// <summary>
    /// Delivers frames until the source ends or <paramref name="cancellation"/> fires. Each capture thread gets its
    /// own handler from <paramref name="createHandler"/> (called with the interface or file name), so handlers need
    /// no locking of their own state.
    /// </summary>
    /// <exception cref="CaptureFileException">The file is broken; everything before the damage was
    /// delivered.</exception>
    void Run(Func<string, IPacketHandler> createHandler, CancellationToken cancellation);

    /// <summary>Packets the kernel or interface dropped before we could read them (0 for files).</summary>
    long KernelDrops { get; }
}
