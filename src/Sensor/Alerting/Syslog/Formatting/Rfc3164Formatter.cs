using System.Globalization;
using System.Text;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// BSD syslog (RFC 3164 §4.1): <c>&lt;PRI&gt;Mmm dd hh:mm:ss HOST TAG[pid]: CONTENT</c> in local time, at most 1024
/// bytes. The format has no escapes at all, so CONTENT is the compact alert as JSON with every non-ASCII or control
/// character written as <c>\uXXXX</c>: printable ASCII only.
/// </summary>
internal sealed class Rfc3164Formatter(SyslogDestination destination, SenderIdentity sender) : IAlertFormatter
{
    public byte[] Format(Alert alert, long sequenceId)
    {
        DateTime local = alert.Created.ToLocalTime();
        string host = sender.Hostname.Split('.')[0]; // "without the domain name" (§4.1.2)
        string tag = new([.. destination.AppName.Take(32).Select(c => c is ':' or '[' or ']' ? '_' : c)]);
        string head = string.Create(
            CultureInfo.InvariantCulture,
            $"<{(destination.Facility * 8) + SeverityMap.Syslog(alert)}>"
                + $"{local.ToString("MMM", CultureInfo.InvariantCulture)} {local.Day, 2} {local:HH:mm:ss} "
                + $"{host} {tag}[{sender.ProcessId}]: "
        );
        int room = destination.MaxMessageBytes - Encoding.ASCII.GetByteCount(head);
        // 1,024 always fit the shortest form
        return Utf8Text.Concat(head, default, CompactAlertJson.Within(alert, asciiOnly: true, room));
    }
}
