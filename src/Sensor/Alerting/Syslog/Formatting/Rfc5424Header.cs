using System.Globalization;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID</c>: sensor values only, never anything from a packet.
/// The timestamp has exactly six fraction digits (seven would be invalid, and rsyslog garbles them).
/// </summary>
internal static class Rfc5424Header
{
    public static string Format(Alert alert, SyslogDestination destination, SenderIdentity sender) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"<{(destination.Facility * 8) + SeverityMap.Syslog(alert)}>1 "
                + $"{alert.Created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)} "
                + $"{sender.Hostname} {destination.AppName} {sender.ProcessId} {MessageId(alert.Kind)}"
        );

    public static string MessageId(AlertKind kind) =>
        kind switch
        {
            AlertKind.Detection => "alert",
            AlertKind.HeldBack => "held_back",
            _ => "spool_dropped",
        };
}
