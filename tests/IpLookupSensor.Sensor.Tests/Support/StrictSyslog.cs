using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>
/// Strict parsers for what the sensor sends, written from the specs for the tests: RFC 5424 (§6 ABNF, escapes of
/// §6.3.3), CEF (header and extension escapes) and LEEF 2.0. Anything the specs do not allow throws, so a message
/// that a lenient collector would still accept fails here.
/// </summary>
internal static partial class StrictSyslog
{
    public sealed record Rfc5424(
        int Priority,
        string Timestamp,
        string Hostname,
        string AppName,
        string ProcId,
        string MsgId,
        Dictionary<string, Dictionary<string, string>> StructuredData,
        byte[] Msg
    );

    public sealed record KeyValue(IReadOnlyList<string> Header, List<(string Key, string Value)> Fields);

    /// <param name="allowTab">LEEF's delimiter: the one control character a LEEF body holds.</param>
    public static Rfc5424 ParseRfc5424(byte[] message, bool allowTab = false)
    {
        string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(message);
        if (text.Any(c => (c < ' ' && !(allowTab && c == '\t')) || c == '\u007F'))
        {
            throw new FormatException("a control character in the message");
        }

        Match header = Rfc5424Header().Match(text);
        if (!header.Success)
        {
            throw new FormatException("not an RFC 5424 header: " + text[..Math.Min(80, text.Length)]);
        }

        int priority = int.Parse(header.Groups["pri"].Value, CultureInfo.InvariantCulture);
        if (priority > 191)
        {
            throw new FormatException("PRI out of range");
        }

        int position = header.Length;
        var sd = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (text[position] == '-')
        {
            position++;
        }
        else
        {
            while (position < text.Length && text[position] == '[')
            {
                position++;
                string id = Name(text, ref position);
                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                while (text[position] == ' ')
                {
                    position++;
                    string name = Name(text, ref position);
                    Expect(text, ref position, "=\"");
                    parameters[name] = Value(text, ref position);
                }

                Expect(text, ref position, "]");
                if (!sd.TryAdd(id, parameters))
                {
                    throw new FormatException($"SD-ID {id} twice");
                }
            }
        }

        byte[] msg = [];
        if (position < text.Length)
        {
            Expect(text, ref position, " ");
            msg = Encoding.UTF8.GetBytes(text[position..]);
        }

        // Stricter than the RFC: nothing that hides text or breaks lines downstream, and a BOM only to start MSG.
        string rest = text.Remove(position, position < text.Length && text[position] == '\uFEFF' ? 1 : 0);
        if (rest.Any(c => c is (>= '\u0080' and <= '\u009F') or '\u2028' or '\u2029' or '\uFEFF'))
        {
            throw new FormatException("a C1 control, line separator or stray BOM in the message");
        }

        return new Rfc5424(
            priority,
            header.Groups["ts"].Value,
            header.Groups["host"].Value,
            header.Groups["app"].Value,
            header.Groups["procid"].Value,
            header.Groups["msgid"].Value,
            sd,
            msg
        );
    }

    /// <summary>CEF after whatever syslog header: 7 header fields, then key=value pairs.</summary>
    public static KeyValue ParseCef(string text)
    {
        int start = text.IndexOf("CEF:0|", StringComparison.Ordinal);
        var header = new List<string>();
        var field = new StringBuilder();
        int i = start + 6;
        while (header.Count < 6)
        {
            char c = text[i++];
            if (c == '\\')
            {
                char next = text[i++];
                field.Append(next is '\\' or '|' ? next : throw new FormatException($"bad header escape \\{next}"));
            }
            else if (c == '|')
            {
                header.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        // A key is a word right before an unescaped '='; a value runs to the space before the next key.
        string extension = text[i..];
        var equals = new List<int>();
        for (int j = 0; j < extension.Length; j++)
        {
            if (extension[j] == '\\')
            {
                j++;
            }
            else if (extension[j] == '=')
            {
                equals.Add(j);
            }
        }

        var fields = new List<(string, string)>();
        for (int k = 0; k < equals.Count; k++)
        {
            int keyStart = extension.LastIndexOf(' ', equals[k]) + 1;
            string key = extension[keyStart..equals[k]];
            if (!CefKey().IsMatch(key))
            {
                throw new FormatException($"bad CEF key '{key}'");
            }

            int valueEnd = k + 1 < equals.Count ? extension.LastIndexOf(' ', equals[k + 1]) : extension.Length;
            fields.Add((key, CefUnescape(extension[(equals[k] + 1)..valueEnd])));
        }

        return new KeyValue(header, fields);
    }

    /// <summary>LEEF 2.0 with a tab delimiter (<c>x09</c>).</summary>
    public static KeyValue ParseLeef(string text)
    {
        int start = text.IndexOf("LEEF:2.0|", StringComparison.Ordinal);
        string[] parts = text[(start + 9)..].Split('|', 6);
        if (parts.Length != 6 || parts[4] != "x09")
        {
            throw new FormatException("not a LEEF 2.0 header with a tab delimiter");
        }

        var fields = new List<(string, string)>();
        foreach (string attribute in parts[5].Split('\t'))
        {
            int equals = attribute.IndexOf('=', StringComparison.Ordinal);
            fields.Add(
                equals > 0
                    ? (attribute[..equals], attribute[(equals + 1)..])
                    : throw new FormatException($"attribute without '=': {attribute}")
            );
        }

        return new KeyValue(parts[..4], fields);
    }

    private static string CefUnescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                text.Append(value[i]);
                continue;
            }

            char next = value[++i];
            text.Append(
                next switch
                {
                    '\\' or '=' => next,
                    'n' => '\n',
                    'r' => '\r',
                    _ => throw new FormatException($"bad extension escape \\{next}"),
                }
            );
        }

        return text.ToString();
    }

    private static string Name(string text, ref int position)
    {
        int start = position;
        while (position < text.Length && text[position] is > ' ' and <= '~' and not ('=' or ']' or '"'))
        {
            position++;
        }

        return position - start is > 0 and <= 32
            ? text[start..position]
            : throw new FormatException($"bad SD-NAME at {start}");
    }

    private static string Value(string text, ref int position)
    {
        var value = new StringBuilder();
        while (true)
        {
            char c = text[position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c == ']')
            {
                throw new FormatException("unescaped ']' in a PARAM-VALUE");
            }

            if (c == '\\' && text[position] is '"' or '\\' or ']')
            {
                c = text[position++];
            }

            value.Append(c);
        }
    }

    private static void Expect(string text, ref int position, string expected)
    {
        if (string.CompareOrdinal(text, position, expected, 0, expected.Length) != 0)
        {
            throw new FormatException(
                $"expected '{expected}' at {position}: {text[position..Math.Min(text.Length, position + 40)]}"
            );
        }

        position += expected.Length;
    }

    [GeneratedRegex(
        @"^<(?<pri>0|[1-9][0-9]{0,2})>1 (?<ts>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z) "
            + @"(?<host>[!-~]{1,255}) (?<app>[!-~]{1,48}) (?<procid>[!-~]{1,128}) (?<msgid>[!-~]{1,32}) "
    )]
    private static partial Regex Rfc5424Header();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex CefKey();
}
