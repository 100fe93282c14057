namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>Byte-exact helpers for message budgets: a syslog limit counts octets, not characters.</summary>
internal static class Utf8Text
{
    public static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static int ByteCount(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

    /// <summary>
    /// The longest prefix of <paramref name="utf8"/> within <paramref name="maxBytes"/> that ends on a character
    /// boundary.
    /// </summary>
    public static ReadOnlySpan<byte> Prefix(ReadOnlySpan<byte> utf8, int maxBytes)
    {
        if (utf8.Length <= maxBytes)
        {
            return utf8;
        }

        int cut = Math.Max(maxBytes, 0);
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return utf8[..cut];
    }

    public static byte[] Concat(string head, ReadOnlySpan<byte> bodyPrefix, ReadOnlySpan<byte> body)
    {
        byte[] message = new byte[ByteCount(head) + bodyPrefix.Length + body.Length];
        int written = System.Text.Encoding.UTF8.GetBytes(head, message);
        bodyPrefix.CopyTo(message.AsSpan(written));
        body.CopyTo(message.AsSpan(written + bodyPrefix.Length));
        return message;
    }
}
