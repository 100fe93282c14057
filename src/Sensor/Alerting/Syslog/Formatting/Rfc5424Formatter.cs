using System.Text;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// RFC 5424: sensor header, structured data, then the ECS alert as MSG after a UTF-8 BOM (§6.4). Over the size limit
/// the structured-data values shrink and MSG becomes the compact document; then MSG is cut behind the smallest
/// alert element (id, rule and name); the header never.
/// </summary>
internal sealed class Rfc5424Formatter(SyslogDestination destination, SenderIdentity sender) : IAlertFormatter
{
    public byte[] Format(Alert alert, long sequenceId)
    {
        string header = Rfc5424Header.Format(alert, destination, sender) + " ";
        byte[]? compact = null;
        foreach (int cap in StructuredData.ValueCaps)
        {
            string head = header + StructuredData.Format(alert, destination, sender, sequenceId, cap) + " ";
            int room = destination.MaxMessageBytes - Utf8Text.ByteCount(head) - Utf8Text.ByteOrderMark.Length;
            if (alert.EcsJson.Length <= room)
            {
                return Utf8Text.Concat(head, Utf8Text.ByteOrderMark, alert.EcsJson.Span);
            }

            compact ??= CompactAlertJson.Write(alert, asciiOnly: false);
            if (compact.Length <= room)
            {
                return Utf8Text.Concat(head, Utf8Text.ByteOrderMark, compact);
            }

            if ((cap == StructuredData.MinimalCap && room > 0) || cap == 0)
            {
                // The alert element already names the alert; a MSG that cannot be whole JSON is left out.
                byte[] shortest = CompactAlertJson.Within(alert, asciiOnly: false, room);
                return shortest.Length > room
                    ? Encoding.UTF8.GetBytes(head.TrimEnd(' '))
                    : Utf8Text.Concat(head, Utf8Text.ByteOrderMark, shortest);
            }
        }

        throw new InvalidOperationException("unreachable: the last cap always returns");
    }
}
