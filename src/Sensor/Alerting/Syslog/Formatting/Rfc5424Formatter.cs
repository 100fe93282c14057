namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// RFC 5424: sensor header, structured data, then the ECS alert as MSG after a UTF-8 BOM (§6.4). Over the size limit
/// the structured-data values shrink first, then MSG becomes the compact document, then MSG is cut; the header never.
/// </summary>
internal sealed class Rfc5424Formatter(SyslogDestination destination, SenderIdentity sender) : IAlertFormatter
{
    public byte[] Format(Alert alert, long sequenceId)
    {
        string header = Rfc5424Header.Format(alert, destination, sender) + " ";
        byte[]? compact = null;
        string head = header;
        foreach (int cap in StructuredData.ValueCaps)
        {
            head = header + StructuredData.Format(alert, destination, sender, sequenceId, cap) + " ";
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
        }

        int left = Math.Max(0, destination.MaxMessageBytes - Utf8Text.ByteCount(head) - Utf8Text.ByteOrderMark.Length);
        return Utf8Text.Concat(head, Utf8Text.ByteOrderMark, Utf8Text.Prefix(compact ?? CompactAlertJson.Write(alert, asciiOnly: false), left));
    }
}
