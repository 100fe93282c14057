using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>Fills an event's process and user, or says why not (iplookup.attribution.status).</summary>
internal interface IEventAttributor
{
    /// <summary>True when every event should go through it (gateway marking), not only rule candidates.</summary>
    bool AppliesToAll { get; }

    void Attribute(DnsEvent dnsEvent);
}
