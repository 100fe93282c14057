namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// Takes the connection attempts (TCP SYNs) the pipeline sees among the DNS traffic, on the capture thread.
/// </summary>
internal interface IConnectionSink
{
    /// <summary>False when nothing watches for connections: then they count as any other non-DNS packet.</summary>
    bool WantsConnections { get; }

    void OnConnectionAttempt(in ConnectionAttempt connection);
}
