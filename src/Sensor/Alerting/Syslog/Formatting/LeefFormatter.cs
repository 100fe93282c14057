using System.Globalization;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// QRadar LEEF 2.0 behind an RFC 5424 header, attributes separated by a tab. LEEF has no escapes: after
/// <see cref="SafeText"/> no value holds a tab or a line break, and header fields hold no <c>|</c>.
/// </summary>
internal sealed class LeefFormatter(SyslogDestination destination, SenderIdentity sender) : IAlertFormatter
{
    public byte[] Format(Alert alert, long sequenceId)
    {
        string head = string.Create(
            CultureInfo.InvariantCulture,
            $"{Rfc5424Header.Format(alert, destination, sender)} - "
                + $"LEEF:2.0|IpLookupSensor|iplookup-sensor|{Header(sender.Version)}|{Header(alert.RuleId)}|x09|"
        );
        (string, string?)[] pairs =
        [
            (
                "devTime",
                new DateTimeOffset(alert.Created).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)
            ),
            ("sev", SeverityMap.Cef(alert).ToString(CultureInfo.InvariantCulture)),
            ("alertId", alert.Id),
            ("dnsQuestionName", alert.QuestionName),
            ("processName", alert.ProcessName),
            ("processId", alert.ProcessPid?.ToString(CultureInfo.InvariantCulture)),
            ("userId", alert.UserId),
            ("usrName", alert.UserName),
            ("processExecutable", alert.ProcessExecutable),
            ("src", alert.SourceIp),
            ("srcPort", alert.SourcePort?.ToString(CultureInfo.InvariantCulture)),
            ("dst", alert.DestinationIp),
            ("dstPort", alert.DestinationPort?.ToString(CultureInfo.InvariantCulture)),
            ("proto", alert.Transport?.ToUpperInvariant()),
            ("cat", string.Join(',', alert.Tactics)),
            ("technique", string.Join(',', [.. alert.Techniques, .. alert.Subtechniques])),
            ("ruleName", alert.RuleName),
            ("riskScore", alert.RiskScore.ToString(CultureInfo.InvariantCulture)),
            ("reason", alert.Reason),
        ];
        return KeyValueMessage.Build(head, pairs, '\t', SafeText.Clean, destination.MaxMessageBytes);
    }

    private static string Header(string text) => SafeText.Clean(text, 256).Replace('|', '_');
}
