namespace IpLookupSensor.Sensor.Events;

/// <summary>Discards events: the default until there is something that consumes them.</summary>
internal sealed class NullEventSink : IDnsEventSink
{
    public static readonly NullEventSink Instance = new();

    public void OnEvent(DnsEvent dnsEvent) { }
}
