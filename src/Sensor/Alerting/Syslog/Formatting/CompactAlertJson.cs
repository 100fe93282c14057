using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// The alert's essential ECS fields, for messages the whole document does not fit in (UDP, RFC 3164). With
/// <c>asciiOnly</c> every non-ASCII character is a <c>\uXXXX</c> escape, so the text is printable ASCII. Where even
/// that is too long, its free texts (names, paths, the message) are shortened until it fits, so a collector still
/// gets JSON it can parse: cutting the document, as before, left it unparseable (found by fuzzing, fuzz/README.md).
/// </summary>
internal static class CompactAlertJson
{
    private static readonly JsonWriterOptions s_relaxed = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private static readonly JsonWriterOptions s_ascii = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>
    /// What is tried in turn until the document fits: shorter free texts, then only what identifies the alert.
    /// </summary>
    private static readonly (int TextLimit, bool EssentialOnly)[] Reductions =
    [
        (int.MaxValue, false),
        (256, false),
        (64, false),
        (16, false),
        (16, true),
        (4, true),
    ];

    /// <summary>
    /// The document shortened as far as it must be to fit <paramref name="maxBytes"/>; its shortest form if nothing
    /// fits.
    /// </summary>
    public static byte[] Within(Alert alert, bool asciiOnly, int maxBytes)
    {
        byte[] json = [];
        foreach ((int textLimit, bool essentialOnly) in Reductions)
        {
            json = Write(alert, asciiOnly, textLimit, essentialOnly);
            if (json.Length <= maxBytes)
            {
                break;
            }
        }

        return json;
    }

    /// <param name="essentialOnly">Leaves out the message, the executable, the user and the endpoints (about 180
    /// bytes): time, id, rule, question and process remain, within the 480 octets every syslog receiver
    /// accepts.</param>
    public static byte[] Write(Alert alert, bool asciiOnly, int textLimit = int.MaxValue, bool essentialOnly = false)
    {
        string? Text(string? text) => text is null || text.Length <= textLimit ? text : Shorten(text, textLimit);

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, asciiOnly ? s_ascii : s_relaxed))
        {
            Span<char> time = stackalloc char[TimestampText.MaxLength];
            json.WriteStartObject();
            json.WriteString(
                "@timestamp",
                time[..TimestampText.Format(alert.Timestamp, TimestampPrecision.Microseconds, time)]
            );
            json.WriteStartObject("event");
            json.WriteString("kind", "alert");
            json.WriteString("id", alert.Id);
            json.WriteString(
                "action",
                alert.Kind switch
                {
                    AlertKind.Detection => "lookup_requested",
                    AlertKind.HeldBack => "alerts_held_back",
                    _ => "alerts_dropped",
                }
            );
            json.WriteNumber("severity", AlertSeverity.Numeric(alert.Severity));
            json.WriteNumber("risk_score", alert.RiskScore);
            json.WriteEndObject();
            if (!essentialOnly)
            {
                json.WriteString("message", Text(alert.Reason));
            }

            json.WriteStartObject("rule");
            json.WriteString("id", alert.RuleId);
            json.WriteString("name", Text(alert.RuleName));
            json.WriteString("version", alert.RuleVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            if (alert.QuestionName is not null)
            {
                json.WriteStartObject("dns");
                json.WriteStartObject("question");
                json.WriteString("name", Text(alert.QuestionName));
                json.WriteString("type", alert.QuestionType);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            if (alert.ProcessPid is long pid)
            {
                json.WriteStartObject("process");
                json.WriteNumber("pid", pid);
                json.WriteString("name", Text(alert.ProcessName));
                WriteOptional(json, "executable", essentialOnly ? null : Text(alert.ProcessExecutable));
                json.WriteEndObject();
            }

            if (!essentialOnly && (alert.UserId is not null || alert.UserName is not null))
            {
                json.WriteStartObject("user");
                WriteOptional(json, "id", alert.UserId);
                WriteOptional(json, "name", Text(alert.UserName));
                WriteOptional(json, "domain", Text(alert.UserDomain));
                json.WriteEndObject();
            }

            if (!essentialOnly)
            {
                WriteEndpoint(json, "source", alert.SourceIp, alert.SourcePort);
                WriteEndpoint(json, "destination", alert.DestinationIp, alert.DestinationPort);
            }
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Shorten(string text, int limit)
    {
        int keep = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit; // never half a surrogate pair
        return string.Concat(text.AsSpan(0, keep), SafeText.Ellipsis.ToString());
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
