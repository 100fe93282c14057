namespace IpLookupSensor.Sensor.Events;

/// <summary>Consumes DNS events on the capture thread that produced them. Implementations must not block.</summary>
internal interface IDnsEventSink
{
    void OnEvent(DnsEvent dnsEvent);
}
