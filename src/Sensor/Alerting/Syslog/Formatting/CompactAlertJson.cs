using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// The alert's essential ECS fields, for messages the whole document does not fit in (UDP, RFC 3164). With
/// <c>asciiOnly</c> every non-ASCII character is a <c>\uXXXX</c> escape, so the text is printable ASCII.
/// </summary>
internal static class CompactAlertJson
{
    private static readonly JsonWriterOptions s_relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions s_ascii = new() { Encoder = JavaScriptEncoder.Default };

    public static byte[] Write(Alert alert, bool asciiOnly)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, asciiOnly ? s_ascii : s_relaxed))
        {
            Span<char> time = stackalloc char[TimestampText.MaxLength];
            json.WriteStartObject();
            json.WriteString("@timestamp", time[..TimestampText.Format(alert.Timestamp, TimestampPrecision.Microseconds, time)]);
            json.WriteStartObject("event");
            json.WriteString("kind", "alert");
            json.WriteString("id", alert.Id);
            json.WriteString("action", alert.Kind switch
            {
                AlertKind.Detection => "lookup_requested",
                AlertKind.HeldBack => "alerts_held_back",
                _ => "alerts_dropped",
            });
            json.WriteNumber("severity", AlertSeverity.Numeric(alert.Severity));
            json.WriteNumber("risk_score", alert.RiskScore);
            json.WriteEndObject();
            json.WriteString("message", alert.Reason);
            json.WriteStartObject("rule");
            json.WriteString("id", alert.RuleId);
            json.WriteString("name", alert.RuleName);
            json.WriteString("version", alert.RuleVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            if (alert.QuestionName is not null)
            {
                json.WriteStartObject("dns");
                json.WriteStartObject("question");
                json.WriteString("name", alert.QuestionName);
                json.WriteString("type", alert.QuestionType);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            if (alert.ProcessPid is long pid)
            {
                json.WriteStartObject("process");
                json.WriteNumber("pid", pid);
                json.WriteString("name", alert.ProcessName);
                WriteOptional(json, "executable", alert.ProcessExecutable);
                json.WriteEndObject();
            }

            if (alert.UserId is not null || alert.UserName is not null)
            {
                json.WriteStartObject("user");
                WriteOptional(json, "id", alert.UserId);
                WriteOptional(json, "name", alert.UserName);
                WriteOptional(json, "domain", alert.UserDomain);
                json.WriteEndObject();
            }

            WriteEndpoint(json, "source", alert.SourceIp, alert.SourcePort);
            WriteEndpoint(json, "destination", alert.DestinationIp, alert.DestinationPort);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEndpoint(Utf8JsonWriter json, string name, string? ip, int? port)
    {
        if (ip is null)
        {
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("ip", ip);
        json.WriteNumber("port", port ?? 0);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
