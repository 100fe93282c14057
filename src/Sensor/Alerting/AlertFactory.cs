using System.Buffers;
using System.Globalization;
using System.Text.Json;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Alerting;

/// <summary>
/// Turns a rule match or a throttle summary into an <see cref="Alert"/>. Alerts are rare (throttled per rule), so
/// this may allocate: the hot path is the events that do not match.
/// </summary>
internal sealed class AlertFactory(string? observerHostname, TimeProvider time)
{
    public Alert FromMatch(DnsEvent e, DetectionRule rule)
    {
        string id = AlertId.For(rule.RuleId, rule.Version, e);
        string question = e.QuestionName.ToString();
        ProcessIdentity? process = e.Process;
        string reason = process is null
            ? $"{rule.Name}: {e.SourceIpText} looked up {question}"
            : $"{rule.Name}: {process.Name} (pid {process.Pid.ToString(CultureInfo.InvariantCulture)}"
                + (process.UserName is null ? string.Empty : ", user " + process.UserName)
                + $") looked up {question}";
        byte[] json = Json(
            (e, new EcsEventWriter.AlertFields(id, rule, reason), observerHostname),
            static (w, s) => EcsEventWriter.Write(w, s.e, s.observerHostname, s.Item2)
        );
        return ForRule(rule, id, AlertKind.Detection, e.Timestamp, reason, json) with
        {
            Tactics = [.. rule.Threats.Select(t => t.Tactic.Id)],
            Techniques = [.. rule.Threats.SelectMany(t => t.Techniques).Select(t => t.Id)],
            Subtechniques =
            [
                .. rule.Threats.SelectMany(t => t.Techniques).SelectMany(t => t.Subtechniques).Select(s => s.Id),
            ],
            QuestionName = question,
            QuestionType = QuestionType(e),
            Transport =
                !e.FromPacket ? null
                : e.Transport == Packets.Transport.Udp ? "udp"
                : "tcp",
            SourceIp = e.FromPacket ? e.SourceIpText.ToString() : null,
            SourcePort = e.FromPacket ? e.SourcePort : null,
            DestinationIp = e.FromPacket ? e.DestinationIpText.ToString() : null,
            DestinationPort = e.FromPacket ? e.DestinationPort : null,
            ProcessPid = process?.Pid,
            ProcessName = process?.Name,
            ProcessExecutable = process?.Executable,
            UserId = process?.UserId,
            UserName = process?.UserName,
            UserDomain = process?.UserDomain,
        };
    }

    public Alert FromSummary(ThrottleSummary summary)
    {
        DetectionRule rule = summary.Rule;
        string id = AlertId.Of(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{rule.RuleId}|{rule.Version}|{summary.WindowStart}|{summary.Group}|held_back"
            )
        );
        byte[] json = Json(summary, static (w, s) => EcsAlertWriter.WriteSummary(w, s));
        return ForRule(rule, id, AlertKind.HeldBack, summary.WindowEnd, EcsAlertWriter.SummaryMessage(summary), json);
    }

    private Alert ForRule(DetectionRule rule, string id, AlertKind kind, long timestamp, string reason, byte[] json) =>
        new()
        {
            Id = id,
            Kind = kind,
            Created = time.GetUtcNow().UtcDateTime,
            Timestamp = timestamp,
            RuleId = rule.RuleId,
            RuleName = rule.Name,
            RuleVersion = rule.Version,
            Severity = rule.Severity,
            RiskScore = rule.RiskScore,
            Reason = reason,
            EcsJson = json,
        };

    private static string QuestionType(DnsEvent e)
    {
        Span<char> text = stackalloc char[16];
        return e.HasQuestion ? text[..Dns.DnsNames.FormatType(e.Question.Type, text)].ToString() : string.Empty;
    }

    private static byte[] Json<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer, NdjsonWriter.Options))
        {
            write(json, state);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
