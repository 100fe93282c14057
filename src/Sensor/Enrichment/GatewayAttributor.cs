using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>--mode gateway: the traffic is other hosts', so no local process can be named.</summary>
internal sealed class GatewayAttributor : IEventAttributor
{
    public bool AppliesToAll => true;

    public void Attribute(DnsEvent dnsEvent)
    {
        dnsEvent.Attribution = AttributionStatus.NotApplicable;
        dnsEvent.AttributionReason = "remote_host";
    }
}
