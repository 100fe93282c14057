namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>Turns an alert into one message for a destination, within its size limit, framing excluded.</summary>
internal interface IAlertFormatter
{
    byte[] Format(Alert alert, long sequenceId);
}
