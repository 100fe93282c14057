using System.Text;
using IpLookupSensor.Rules.Runtime.Functions;
using IpLookupSensor.Sensor.Detection;

namespace IpLookupSensor.Fuzz;

/// <summary>
/// Tokens afl-fuzz inserts and overwrites whole (its -x dictionary) for the targets whose inputs are text with a
/// grammar: random bytes seldom spell a keyword, a function or a field name. Functions and fields come from the code.
/// </summary>
internal static class Dictionaries
{
    private static readonly string[] EqlSyntax =
    [
        "any",
        "network",
        "process",
        "where",
        "and",
        "or",
        "not",
        "in",
        "in~",
        "like",
        "like~",
        "regex",
        "regex~",
        ":",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "%",
        "(",
        ")",
        "[",
        "]",
        ",",
        "|",
        "head",
        "tail",
        "sequence",
        "sample",
        "by",
        "with maxspan=",
        "until",
        "true",
        "false",
        "null",
        "\"",
        "\"\"\"",
        "?\"",
        "`",
        "?",
        "\\u{",
        "\\\"",
        "\\\\",
        "1.5e10",
        "-1",
        "2147483648",
        "9223372036854775808",
        "0.0",
        "::",
        "10.0.0.0/8",
    ];

    private static readonly string[] TomlSyntax =
    [
        "[metadata]",
        "[rule]",
        "[[rule.threat]]",
        "[rule.threat.tactic]",
        "[[rule.threat.technique]]",
        "[[rule.threat.technique.subtechnique]]",
        "[rule.alert_suppression]",
        "[rule.alert_suppression.duration]",
        " = ",
        "\"\"\"",
        "'''",
        "'",
        "[",
        "]",
        "{",
        "}",
        "=",
        "\n",
        "#",
        "true",
        "false",
        "2024/01/01",
        "query",
        "language",
        "type",
        "name",
        "rule_id",
        "risk_score",
        "severity",
        "max_signals",
        "interval",
        "from",
        "tags",
        "author",
        "description",
        "license",
        "note",
        "references",
        "version",
        "false_positives",
        "group_by",
        "duration",
        "value",
        "unit",
        "framework",
        "tactic",
        "technique",
        "id",
        "reference",
        "eql",
        "low",
        "medium",
        "high",
        "critical",
        "now-9m",
        "5m",
        "event_category_override",
    ];

    public static IReadOnlyList<string> For(string target)
    {
        string[] eql =
        [
            .. EqlSyntax,
            .. EqlFunctions.Names.SelectMany(f => new[] { f + "(", f + "~(" }),
            .. DnsEventFieldBinder.Instance.Fields,
        ];
        return target switch
        {
            "eql" => eql,
            "rule" => [.. TomlSyntax, .. eql],
            _ => [],
        };
    }

    /// <summary>Writes the target's dictionary in afl-fuzz's format; false when the target has none.</summary>
    public static bool Write(string target, string path)
    {
        IReadOnlyList<string> tokens = For(target);
        if (tokens.Count == 0)
        {
            return false;
        }

        File.WriteAllLines(path, tokens.Distinct(StringComparer.Ordinal).Select(Quote));
        return true;
    }

    private static string Quote(string token)
    {
        var quoted = new StringBuilder("\"");
        foreach (byte b in Encoding.UTF8.GetBytes(token))
        {
            quoted.Append(
                b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"
            );
        }

        return quoted.Append('"').ToString();
    }
}
