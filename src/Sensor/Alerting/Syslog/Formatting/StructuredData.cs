using System.Globalization;
using System.Text;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// RFC 5424 STRUCTURED-DATA: the registered <c>origin</c> and <c>meta</c> elements, then the alert's facts under the
/// destination's SD-ID, most important first. PARAM-VALUEs escape <c>\</c>, <c>"</c> and <c>]</c> (§6.3.3) after
/// <see cref="SafeText"/>, so no value can close its element or open another.
/// </summary>
internal static class StructuredData
{
    /// <summary>How much of each parameter value is kept, down to no alert element at all (fits 480 bytes).</summary>
    public static readonly int[] ValueCaps = [1024, 256, 64, MinimalCap, 0];

    /// <summary>Only the alert id, rule id and a 24-character name: what is kept whatever the limit.</summary>
    public const int MinimalCap = 24;

    public static string Format(
        Alert alert,
        SyslogDestination destination,
        SenderIdentity sender,
        long sequenceId,
        int valueCap
    )
    {
        var sd = new StringBuilder(512);
        sd.Append(
            CultureInfo.InvariantCulture,
            $"[origin software=\"iplookup-sensor\" swVersion=\"{Escape(sender.Version, 32)}\"]"
        );
        sd.Append(CultureInfo.InvariantCulture, $"[meta sequenceId=\"{sequenceId}\"]");
        if (valueCap == 0)
        {
            return sd.ToString();
        }

        sd.Append('[').Append(destination.StructuredDataId);
        Param(sd, "id", alert.Id, valueCap);
        Param(sd, "ruleId", alert.RuleId, valueCap);
        Param(sd, "question", alert.QuestionName, valueCap);
        Param(sd, "process", alert.ProcessName, valueCap);
        Param(sd, "pid", alert.ProcessPid?.ToString(CultureInfo.InvariantCulture), valueCap);
        Param(sd, "userId", alert.UserId, valueCap);
        Param(sd, "userName", alert.UserName, valueCap);
        Param(sd, "executable", alert.ProcessExecutable, valueCap);
        Param(sd, "ruleName", alert.RuleName, valueCap);
        Param(sd, "ruleVersion", alert.RuleVersion.ToString(CultureInfo.InvariantCulture), valueCap);
        Param(sd, "severity", alert.Severity, valueCap);
        Param(sd, "riskScore", alert.RiskScore.ToString(CultureInfo.InvariantCulture), valueCap);
        Param(sd, "tactic", string.Join(',', alert.Tactics), valueCap);
        Param(sd, "technique", string.Join(',', alert.Techniques), valueCap);
        Param(sd, "subtechnique", string.Join(',', alert.Subtechniques), valueCap);
        Param(sd, "source", alert.SourceIp, valueCap);
        Param(sd, "sourcePort", alert.SourcePort?.ToString(CultureInfo.InvariantCulture), valueCap);
        Param(sd, "destination", alert.DestinationIp, valueCap);
        Param(sd, "destinationPort", alert.DestinationPort?.ToString(CultureInfo.InvariantCulture), valueCap);
        Param(sd, "transport", alert.Transport, valueCap);
        return sd.Append(']').ToString();
    }

    public static string Escape(string? value, int maxChars)
    {
        string clean = SafeText.Clean(value, maxChars);
        return clean.AsSpan().IndexOfAny('\\', '"', ']') < 0
            ? clean
            : clean
                .Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("]", "\\]", StringComparison.Ordinal);
    }

    private static void Param(StringBuilder sd, string name, string? value, int valueCap)
    {
        // The smallest budget keeps only what identifies the alert and its question.
        if (string.IsNullOrEmpty(value) || (valueCap <= MinimalCap && name is not ("id" or "ruleId" or "question")))
        {
            return;
        }

        sd.Append(' ')
            .Append(name)
            .Append("=\"")
            .Append(Escape(value, name is "id" or "ruleId" ? 64 : valueCap))
            .Append('"');
    }
}
