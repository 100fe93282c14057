using IpLookupSensor.Rules.Syntax;
using IpLookupSensor.Rules.Syntax.Ast;
using Tomlyn;
using Tomlyn.Model;

namespace IpLookupSensor.Rules.Loading;

/// <summary>
/// Reads Elastic detection-rules TOML files (a real TOML parser: TOML unescapes basic strings before EQL sees
/// them) into <see cref="DetectionRule"/>s. Unknown keys are ignored; a rule that cannot run exactly (not EQL,
/// a missing required key, a query that does not parse) is refused with its file, line and reason.
/// </summary>
public static class RuleLoader
{
    private static readonly string[] s_required =
    [
        "rule_id",
        "name",
        "description",
        "type",
        "severity",
        "risk_score",
        "author",
    ];
    private static readonly string[] s_severities = ["low", "medium", "high", "critical"];

    /// <summary>
    /// Every *.toml file of <paramref name="path"/> (a file or a folder, searched recursively), in name order.
    /// </summary>
    public static IEnumerable<string> RuleFiles(string path) =>
        File.Exists(path)
            ? [path]
            : Directory.EnumerateFiles(path, "*.toml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <exception cref="RuleFileException">The file does not hold a rule we can run.</exception>
    public static DetectionRule LoadFile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refuse(file, $"cannot read: {e.Message}");
        }

        return Load(text, file);
    }

    public static DetectionRule Load(string toml, string file)
    {
        TomlTable? document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(toml);
        }
        catch (TomlException e)
        {
            string reason = e.Message;
            int marker = reason.IndexOf(" : error : ", StringComparison.Ordinal);
            throw new RuleFileException(
                new RuleRefusal(
                    file,
                    e.Line ?? 0,
                    e.Column ?? 0,
                    "not valid TOML: " + (marker >= 0 ? reason[(marker + 11)..] : reason)
                )
            );
        }
        catch (ArgumentException e)
        {
            // Found by fuzzing (fuzz/README.md): Tomlyn throws this, not a TomlException, on a file that ends inside
            // an escape ("\ at the end of a string) while it builds its own error message.
            throw new RuleFileException(
                new RuleRefusal(
                    file,
                    0,
                    0,
                    $"not valid TOML: the parser failed on it ({e.GetType().Name}); an escape or string left open at "
                        + $"the end?"
                )
            );
        }

        if (
            document is null
            || !document.TryGetValue("rule", out object? ruleObject)
            || ruleObject is not TomlTable rule
        )
        {
            throw Refuse(file, "no [rule] table: not a detection rule");
        }

        foreach (string key in s_required)
        {
            if (!rule.ContainsKey(key))
            {
                throw Refuse(file, $"missing required key rule.{key}");
            }
        }

        string type = Text(rule, "type", file);
        if (type != "eql")
        {
            throw Refuse(file, $"rule type '{type}' is not supported; only eql rules run here");
        }

        string language = rule.ContainsKey("language") ? Text(rule, "language", file) : "eql";
        if (language != "eql")
        {
            throw Refuse(file, $"query language '{language}' is not supported; only eql");
        }

        if (!rule.ContainsKey("query"))
        {
            throw Refuse(file, "missing required key rule.query");
        }

        string severity = Text(rule, "severity", file);
        if (!s_severities.Contains(severity))
        {
            throw Refuse(file, $"rule.severity '{severity}' is not one of low, medium, high, critical");
        }

        string queryText = Text(rule, "query", file);
        SourcePosition queryStart = Locate(toml, queryText);
        return new DetectionRule
        {
            RuleId = Text(rule, "rule_id", file),
            Name = Text(rule, "name", file),
            Description = Text(rule, "description", file),
            Query = ParseQuery(queryText, queryStart, file),
            QueryStart = queryStart,
            QueryText = queryText,
            Severity = severity,
            RiskScore = (int)Integer(rule, "risk_score", file, min: 0, max: 100),
            Version = rule.ContainsKey("version") ? (int)Integer(rule, "version", file, min: 1, max: int.MaxValue) : 1,
            Interval = rule.ContainsKey("interval") ? Duration(rule, "interval", file) : TimeSpan.FromMinutes(5),
            From = rule.ContainsKey("from") ? From(rule, file) : "now-6m",
            MaxSignals = rule.ContainsKey("max_signals")
                ? (int)Integer(rule, "max_signals", file, min: 1, max: 100_000)
                : 100,
            Author = Strings(rule, "author", file),
            License = OptionalText(rule, "license", file),
            References = Strings(rule, "references", file),
            Tags = Strings(rule, "tags", file),
            Note = OptionalText(rule, "note", file),
            FalsePositives = Strings(rule, "false_positives", file),
            Threats = Threats(rule, file),
            EventCategoryOverride = OptionalText(rule, "event_category_override", file),
            AlertSuppression = Suppression(rule, file),
            SourceFile = file,
        };
    }

    /// <summary>A query error positioned in the file: lines add up, and the first line's columns shift too.</summary>
    public static RuleRefusal Refusal(string file, SourcePosition queryStart, EqlException error)
    {
        if (queryStart.Line == 0)
        {
            return new RuleRefusal(file, 0, 0, $"query {error.Position}: {error.Reason}");
        }

        int line = queryStart.Line + error.Position.Line - 1;
        int column = error.Position.Line == 1 ? queryStart.Column + error.Position.Column - 1 : error.Position.Column;
        return new RuleRefusal(file, line, column, error.Reason);
    }

    private static EqlQuery ParseQuery(string query, SourcePosition queryStart, string file)
    {
        EqlQuery parsed;
        try
        {
            parsed = Parser.ParseQuery(query);
        }
        catch (EqlException e)
        {
            throw new RuleFileException(Refusal(file, queryStart, e));
        }

        // A rule runs on a stream of events: "the first N" has no meaning there.
        return parsed.Pipes is null ? parsed : throw Refuse(file, "pipes (| head, | tail) are not supported in rules");
    }

    // Where the query's text starts in the file: exact for literal (''') strings, which nearly every rule uses; a
    // basic string with escapes may not be found, and positions are then given within the query.
    private static SourcePosition Locate(string toml, string query)
    {
        int offset = query.Trim().Length == 0 ? -1 : toml.IndexOf(query.TrimEnd(), StringComparison.Ordinal);
        if (offset < 0)
        {
            return default;
        }

        int lineStart = toml.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        return new SourcePosition(toml.AsSpan(0, offset).Count('\n') + 1, offset - lineStart + 1);
    }

    private static RuleFileException Refuse(string file, string reason) => new(new RuleRefusal(file, 0, 0, reason));

    private static string Text(TomlTable table, string key, string file) =>
        table[key] as string ?? throw Refuse(file, $"rule.{key} must be a string");

    private static string? OptionalText(TomlTable table, string key, string file) =>
        table.ContainsKey(key) ? Text(table, key, file) : null;

    private static long Integer(TomlTable table, string key, string file, long min, long max) =>
        table[key] is long value && value >= min && value <= max
            ? value
            : throw Refuse(file, $"rule.{key} must be a whole number from {min} to {max}");

    private static TimeSpan Duration(TomlTable table, string key, string file, string owner = "rule")
    {
        if (table[key] is string text && Durations.TryParse(text, out TimeSpan duration))
        {
            return duration;
        }

        // alert_suppression.duration is written { value = 5, unit = "m" }.
        if (
            table[key] is TomlTable { } parts
            && parts.TryGetValue("value", out object? value)
            && value is long amount
            && parts.TryGetValue("unit", out object? unit)
            && unit is string u
            && Durations.TryParse($"{amount}{u}", out duration)
        )
        {
            return duration;
        }

        throw Refuse(
            file,
            $"{owner}.{key} is not a duration like \"5m\", \"30s\" or \"1h\", of at most {Durations.Longest.Days} days"
        );
    }

    // Kibana refuses a rule whose from is not date math. Each event is checked as it arrives, so nothing else reads it.
    private static string From(TomlTable rule, string file)
    {
        string from = Text(rule, "from", file);
        return from.StartsWith("now-", StringComparison.Ordinal) && Durations.TryParse(from[4..], out _)
            ? from
            : throw Refuse(
                file,
                $"rule.from is not a time before now like \"now-9m\" or \"now-2h\", of at most "
                    + $"{Durations.Longest.Days} days"
            );
    }

    private static IReadOnlyList<string> Strings(TomlTable table, string key, string file)
    {
        if (!table.TryGetValue(key, out object? value))
        {
            return [];
        }

        return value is TomlArray array && array.All(v => v is string)
            ? [.. array.Cast<string>()]
            : throw Refuse(file, $"rule.{key} must be a list of strings");
    }

    private static List<ThreatMapping> Threats(TomlTable rule, string file)
    {
        if (!rule.TryGetValue("threat", out object? value))
        {
            return [];
        }

        if (value is not TomlTableArray threats)
        {
            throw Refuse(file, "rule.threat must be [[rule.threat]] tables");
        }

        return
        [
            .. threats.Select(threat => new ThreatMapping(
                threat.TryGetValue("framework", out object? framework)
                    ? framework as string ?? "MITRE ATT&CK"
                    : "MITRE ATT&CK",
                Reference(
                    threat.TryGetValue("tactic", out object? tactic) ? tactic as TomlTable : null,
                    "rule.threat.tactic",
                    file
                ),
                threat.TryGetValue("technique", out object? techniques) && techniques is TomlTableArray list
                    ? [.. list.Select(t => Technique(t, file))]
                    : []
            )),
        ];
    }

    private static ThreatTechnique Technique(TomlTable technique, string file)
    {
        ThreatReference reference = Reference(technique, "rule.threat.technique", file);
        IReadOnlyList<ThreatReference> subtechniques =
            technique.TryGetValue("subtechnique", out object? subs) && subs is TomlTableArray list
                ? [.. list.Select(s => Reference(s, "rule.threat.technique.subtechnique", file))]
                : [];
        return new ThreatTechnique(reference.Id, reference.Name, reference.Reference, subtechniques);
    }

    private static ThreatReference Reference(TomlTable? table, string what, string file)
    {
        if (
            table is null
            || !table.TryGetValue("id", out object? idValue)
            || idValue is not string id
            || !table.TryGetValue("name", out object? nameValue)
            || nameValue is not string name
        )
        {
            throw Refuse(file, $"{what} needs an id and a name");
        }

        return new ThreatReference(
            id,
            name,
            table.TryGetValue("reference", out object? reference) ? reference as string : null
        );
    }

    private static AlertSuppression? Suppression(TomlTable rule, string file)
    {
        if (!rule.TryGetValue("alert_suppression", out object? value))
        {
            return null;
        }

        if (
            value is not TomlTable table
            || !table.TryGetValue("group_by", out object? groupBy)
            || groupBy is not TomlArray fields
            || !fields.All(f => f is string)
        )
        {
            throw Refuse(file, "rule.alert_suppression needs group_by, a list of field names");
        }

        TimeSpan duration = table.ContainsKey("duration")
            ? Duration(table, "duration", file, "rule.alert_suppression")
            : TimeSpan.FromMinutes(5);
        return new AlertSuppression([.. fields.Cast<string>()], duration);
    }
}
