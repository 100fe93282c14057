using System.Text.Json;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Alerting;

/// <summary>
/// Writes alerts as ECS: the event's fields with <c>event.kind: alert</c>, <c>event.id</c> (a stable alert id),
/// <c>event.severity</c> and <c>event.risk_score</c>, the rule as <c>rule.*</c> and its MITRE mapping as
/// <c>threat.*</c>.
/// </summary>
internal static class EcsAlertWriter
{
    /// <summary>
    /// What a rule held back in a window: over max_signals, or folded into one alert by alert_suppression.
    /// </summary>
    public static void WriteSummary(Utf8JsonWriter json, ThrottleSummary summary)
    {
        Span<char> text = stackalloc char[TimestampText.MaxLength];
        DetectionRule rule = summary.Rule;
        bool suppression = summary.Group is not null;
        json.WriteStartObject();
        json.WriteString(
            "@timestamp",
            text[..TimestampText.Format(summary.WindowEnd, Capture.TimestampPrecision.Microseconds, text)]
        );
        json.WriteStartObject("event");
        json.WriteString("kind", "alert");
        json.WriteString("action", suppression ? "alerts_suppressed" : "alerts_over_limit");
        json.WriteNumber("severity", AlertSeverity.Numeric(rule.Severity));
        json.WriteNumber("risk_score", rule.RiskScore);
        json.WriteEndObject();
        json.WriteString("message", SummaryMessage(summary));
        WriteRule(json, rule);
        json.WriteStartObject("iplookup");
        json.WriteStartObject("throttle");
        json.WriteString("reason", suppression ? "alert_suppression" : "max_signals");
        json.WriteNumber("held_back", summary.HeldBack);
        json.WriteString(
            "window_start",
            text[..TimestampText.Format(summary.WindowStart, Capture.TimestampPrecision.Microseconds, text)]
        );
        json.WriteString(
            "window_end",
            text[..TimestampText.Format(summary.WindowEnd, Capture.TimestampPrecision.Microseconds, text)]
        );
        if (suppression)
        {
            json.WriteString("group", summary.Group);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static string SummaryMessage(ThrottleSummary summary) =>
        summary.Group is not null
            ? $"{summary.HeldBack} more alerts of this rule for the same "
                + $"{string.Join(", ", summary.Rule.AlertSuppression!.GroupBy)} were folded into the first "
                + $"(alert_suppression)"
            : $"{summary.HeldBack} alerts of this rule were held back: more than max_signals "
                + $"({summary.Rule.MaxSignals}) in one interval ({summary.Rule.Interval})";

    public static void WriteRule(Utf8JsonWriter json, DetectionRule rule)
    {
        json.WriteStartObject("rule");
        json.WriteString("id", rule.RuleId);
        json.WriteString("name", rule.Name);
        json.WriteString("version", rule.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("description", rule.Description.Trim());
        WriteStrings(json, "author", rule.Author);
        if (rule.License is not null)
        {
            json.WriteString("license", rule.License);
        }

        WriteStrings(json, "reference", rule.References);
        json.WriteEndObject();

        if (rule.Threats.Count == 0)
        {
            return;
        }

        // ECS threat.*: one framework, and parallel arrays of ids, names and references per level.
        json.WriteStartObject("threat");
        json.WriteString("framework", rule.Threats[0].Framework);
        WriteLevel(json, "tactic", [.. rule.Threats.Select(t => t.Tactic)], null);
        List<ThreatTechnique> techniques = [.. rule.Threats.SelectMany(t => t.Techniques)];
        if (techniques.Count > 0)
        {
            WriteLevel(
                json,
                "technique",
                [.. techniques.Select(t => new ThreatReference(t.Id, t.Name, t.Reference))],
                [.. techniques.SelectMany(t => t.Subtechniques)]
            );
        }

        json.WriteEndObject();
    }

    private static void WriteLevel(
        Utf8JsonWriter json,
        string name,
        List<ThreatReference> items,
        List<ThreatReference>? children
    )
    {
        json.WriteStartObject(name);
        WriteStrings(json, "id", [.. items.Select(i => i.Id)]);
        WriteStrings(json, "name", [.. items.Select(i => i.Name)]);
        WriteStrings(json, "reference", [.. items.Select(i => i.Reference).OfType<string>()]);
        if (children is { Count: > 0 })
        {
            WriteLevel(json, "subtechnique", children, null);
        }

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
