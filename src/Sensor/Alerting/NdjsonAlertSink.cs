using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Alerting;

/// <summary>Alerts as ECS NDJSON on stdout, between the events when --events prints them too.</summary>
internal sealed class NdjsonAlertSink(NdjsonWriter output) : IAlertSink
{
    public void Publish(Alert alert) => output.WriteLine(alert.EcsJson.Span);
}
