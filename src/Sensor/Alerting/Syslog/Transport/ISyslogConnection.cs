namespace IpLookupSensor.Sensor.Alerting.Syslog.Transport;

/// <summary>
/// An open connection to one collector. Send and flush throw <see cref="IOException"/> when it fails.
/// </summary>
internal interface ISyslogConnection : IDisposable
{
    void Send(ReadOnlySpan<byte> message);

    void Flush();

    /// <summary>
    /// Why the collector is known to be gone (it closed, reset or refused), or null while it may be there.
    /// </summary>
    string? Failure { get; }
}
