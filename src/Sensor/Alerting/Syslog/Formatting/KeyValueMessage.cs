using System.Text;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// CEF and LEEF bodies: <c>key=value</c> pairs after a fixed head, most important first. Over the size limit values
/// are shortened, then trailing pairs left out; a pair is never cut, so no escape sequence is ever split.
/// </summary>
internal static class KeyValueMessage
{
    private static readonly int[] s_valueCaps = [1024, 256, 64];

    public static byte[] Build(
        string head,
        IReadOnlyList<(string Key, string? Value)> pairs,
        char separator,
        Func<string?, int, string> escape,
        int maxBytes
    )
    {
        int room = maxBytes - Utf8Text.ByteCount(head);
        var body = new StringBuilder(1024);
        foreach (int cap in s_valueCaps)
        {
            body.Clear();
            bool complete = true;
            foreach ((string key, string? value) in pairs)
            {
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                string pair = (body.Length == 0 ? string.Empty : separator.ToString()) + key + "=" + escape(value, cap);
                if (Utf8Text.ByteCount(body.ToString()) + Utf8Text.ByteCount(pair) > room)
                {
                    complete = false;
                    if (cap == s_valueCaps[^1])
                    {
                        continue; // last resort: keep the pairs that fit
                    }

                    break;
                }

                body.Append(pair);
            }

            if (complete || cap == s_valueCaps[^1])
            {
                break;
            }
        }

        return Encoding.UTF8.GetBytes(head + body);
    }
}
