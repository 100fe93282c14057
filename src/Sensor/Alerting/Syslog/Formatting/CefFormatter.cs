using System.Globalization;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// ArcSight CEF 0 behind an RFC 5424 header (no structured data, no BOM). Header fields escape <c>\</c> and <c>|</c>;
/// extension values escape <c>\</c> and <c>=</c>, and hold no line breaks after <see cref="SafeText"/>.
/// </summary>
internal sealed class CefFormatter(SyslogDestination destination, SenderIdentity sender) : IAlertFormatter
{
    /// <summary>Room kept after the header for the pairs that identify the alert (rt, externalId).</summary>
    private const int IdentityBytes = 96;

    public byte[] Format(Alert alert, long sequenceId)
    {
        // The rule name is in the header, which is never cut: a long or escape-heavy name is shortened until the
        // header leaves room for the alert's identity (found by fuzzing: a 480-byte limit was exceeded).
        string head = Head(alert, 256);
        for (
            int nameLimit = 64;
            Utf8Text.ByteCount(head) > destination.MaxMessageBytes - IdentityBytes && nameLimit >= 4;
            nameLimit /= 4
        )
        {
            head = Head(alert, nameLimit);
        }

        (string, string?)[] pairs =
        [
            ("rt", new DateTimeOffset(alert.Created).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            ("externalId", alert.Id),
            ("cs1Label", alert.QuestionName is null ? null : "dnsQuestionName"),
            ("cs1", alert.QuestionName),
            ("sproc", alert.ProcessName),
            ("spid", alert.ProcessPid?.ToString(CultureInfo.InvariantCulture)),
            ("suid", alert.UserId),
            ("suser", alert.UserName),
            ("cs2Label", alert.ProcessExecutable is null ? null : "processExecutable"),
            ("cs2", alert.ProcessExecutable),
            ("src", alert.SourceIp),
            ("spt", alert.SourcePort?.ToString(CultureInfo.InvariantCulture)),
            ("dst", alert.DestinationIp),
            ("dpt", alert.DestinationPort?.ToString(CultureInfo.InvariantCulture)),
            ("proto", alert.Transport?.ToUpperInvariant()),
            ("cat", string.Join(',', alert.Tactics)),
            ("cs3Label", alert.Techniques.Count == 0 ? null : "mitreTechniques"),
            ("cs3", string.Join(',', [.. alert.Techniques, .. alert.Subtechniques])),
            ("cn1Label", "riskScore"),
            ("cn1", alert.RiskScore.ToString(CultureInfo.InvariantCulture)),
            ("msg", alert.Reason),
        ];
        return KeyValueMessage.Build(head, pairs, ' ', Value, destination.MaxMessageBytes);
    }

    public static string Header(string? text, int maxChars = 256) =>
        SafeText
            .Clean(text, maxChars)
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal);

    private string Head(Alert alert, int nameLimit) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Rfc5424Header.Format(alert, destination, sender)} - "
                + $"CEF:0|IpLookupSensor|iplookup-sensor|{Header(sender.Version)}|{Header(alert.RuleId)}|"
                + $"{Header(alert.RuleName, nameLimit)}|{SeverityMap.Cef(alert)}|"
        );

    public static string Value(string? text, int maxChars) =>
        SafeText
            .Clean(text, maxChars)
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("=", "\\=", StringComparison.Ordinal);
}
