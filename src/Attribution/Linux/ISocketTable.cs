namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// The kernel's table of UDP or TCP sockets in the sensor's network namespace: who holds which local endpoint.
/// </summary>
public interface ISocketTable
{
    /// <summary>
    /// Adds the sockets of <paramref name="transport"/> (IPv4 and IPv6), only those bound to
    /// <paramref name="localPort"/> when given, and returns the method that read them (iplookup.attribution.method);
    /// null when this table cannot be read, so the caller can try another.
    /// </summary>
    string? Read(SocketTransport transport, ushort? localPort, List<SocketEntry> into);
}
