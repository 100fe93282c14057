namespace IpLookupSensor.Sensor.Events;

/// <summary>A sink that may keep an event past the call: it gets the DNS message's bytes to copy, since the event
/// and the capture buffer are reused as soon as it returns.</summary>
internal interface IWireEventSink : IDnsEventSink
{
    void OnEvent(DnsEvent dnsEvent, ReadOnlySpan<byte> wire);
}
