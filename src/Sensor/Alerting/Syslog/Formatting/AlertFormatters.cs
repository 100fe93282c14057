namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

internal static class AlertFormatters
{
    public static IAlertFormatter For(SyslogDestination destination, SenderIdentity sender) =>
        destination.Format switch
        {
            SyslogFormat.Rfc3164 => new Rfc3164Formatter(destination, sender),
            SyslogFormat.Cef => new CefFormatter(destination, sender),
            SyslogFormat.Leef => new LeefFormatter(destination, sender),
            SyslogFormat.Json => new JsonLineFormatter(destination),
            _ => new Rfc5424Formatter(destination, sender),
        };
}
