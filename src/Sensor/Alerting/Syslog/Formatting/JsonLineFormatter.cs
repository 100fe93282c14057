namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>The ECS alert document alone; over the size limit the compact document, cut if it must be.</summary>
internal sealed class JsonLineFormatter(SyslogDestination destination) : IAlertFormatter
{
    public byte[] Format(Alert alert, long sequenceId)
    {
        if (alert.EcsJson.Length <= destination.MaxMessageBytes)
        {
            return alert.EcsJson.ToArray();
        }

        return Utf8Text.Prefix(CompactAlertJson.Write(alert, asciiOnly: false), destination.MaxMessageBytes).ToArray();
    }
}
