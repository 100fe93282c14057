namespace IpLookupSensor.Sensor.Events;

/// <summary>Prints every DNS event as an ECS NDJSON line (the <c>--events</c> output).</summary>
internal sealed class EventPrinter(NdjsonWriter output, string? observerHostname) : IDnsEventSink
{
    public void OnEvent(DnsEvent dnsEvent) =>
        output.WriteLine(
            (dnsEvent, observerHostname),
            static (json, s) => EcsEventWriter.Write(json, s.dnsEvent, s.observerHostname)
        );
}
