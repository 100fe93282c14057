namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>The ECS alert document alone; over the size limit the compact one, shortened until it fits.</summary>
internal sealed class JsonLineFormatter(SyslogDestination destination) : IAlertFormatter
{
    public byte[] Format(Alert alert, long sequenceId)
    {
        if (alert.EcsJson.Length <= destination.MaxMessageBytes)
        {
            return alert.EcsJson.ToArray();
        }

        // The shortest form is about 440 bytes and the smallest limit 480: the cut is for a limit that cannot be set.
        return Utf8Text
            .Prefix(
                CompactAlertJson.Within(alert, asciiOnly: false, destination.MaxMessageBytes),
                destination.MaxMessageBytes
            )
            .ToArray();
    }
}
