using System.Globalization;
using System.Text;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// Makes host- and wire-supplied text safe to embed in any format before that format's own escaping: control
/// characters (C0, DEL, C1), line and paragraph separators, byte-order marks and non-characters become a visible
/// <c>\uXXXX</c>, lone surrogates become U+FFFD, and the text is cut to a length. Nothing that reaches a collector can
/// then end a line, hide text or start a new message, whatever the collector does with control characters.
/// </summary>
internal static class SafeText
{
    public const char Ellipsis = '…';

    public static string Clean(string? text, int maxChars = int.MaxValue)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Length <= maxChars && !NeedsWork(text))
        {
            return text;
        }

        var clean = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        for (int i = 0; i < text.Length; i++)
        {
            if (clean.Length >= maxChars)
            {
                clean.Append(Ellipsis);
                break;
            }

            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                clean.Append('\uFFFD');
            }
            else if (IsUnsafe(c))
            {
                clean.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    private static bool NeedsWork(string text)
    {
        foreach (char c in text)
        {
            if (IsUnsafe(c) || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) =>
        c < ' ' || c is >= '\u007F' and <= '\u009F' || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF';
}
