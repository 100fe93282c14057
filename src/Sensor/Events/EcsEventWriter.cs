using System.Text.Json;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Events;

/// <summary>
/// Writes a <see cref="DnsEvent"/> as an ECS document with nested objects (field list in DESIGN.md). Every string
/// goes through a span, so writing an event allocates nothing.
/// </summary>
internal static class EcsEventWriter
{
    public const string ObserverProduct = "iplookup-sensor";

    public static void Write(Utf8JsonWriter json, DnsEvent e, string? observerHostname, AlertFields? alert = null)
    {
        Span<char> text = stackalloc char[TimestampText.MaxLength];
        json.WriteStartObject();
        json.WriteString("@timestamp", text[..TimestampText.Format(e.Timestamp, e.Precision, text)]);

        json.WriteStartObject("event");
        json.WriteString("kind", alert is null ? "event" : "alert");
        WriteSingleton(json, "category", "network");
        WriteSingleton(json, "type", "protocol");
        json.WriteString("action", e.IsQuery ? "lookup_requested" : "lookup_result");
        if (alert is not null)
        {
            json.WriteString("id", alert.Id);
            json.WriteNumber("severity", Alerting.AlertSeverity.Numeric(alert.Rule.Severity));
            json.WriteNumber("risk_score", alert.Rule.RiskScore);
        }

        json.WriteEndObject();

        json.WriteStartObject("network");
        json.WriteString("protocol", "dns");
        if (e.FromPacket)
        {
            json.WriteString("transport", e.Transport == Transport.Udp ? "udp" : "tcp");
            json.WriteString("type", e.SourceIp.IsV6 ? "ipv6" : "ipv4");
        }

        json.WriteEndObject();

        if (e.FromPacket)
        {
            WriteEndpoint(json, "source", e.SourceIp, e.SourcePort);
            WriteEndpoint(json, "destination", e.DestinationIp, e.DestinationPort);
        }
        WriteDns(json, e);
        WriteProcess(json, e.Process);

        json.WriteStartObject("observer");
        if (observerHostname is not null)
        {
            json.WriteString("hostname", observerHostname);
        }

        json.WriteString("product", ObserverProduct);
        json.WriteString("type", "sensor");
        json.WriteEndObject();

        if (alert is not null)
        {
            json.WriteString("message", alert.Reason);
            Alerting.EcsAlertWriter.WriteRule(json, alert.Rule);
        }

        WriteIplookup(json, e);

        json.WriteEndObject();
    }

    /// <summary>
    /// What turns an event into an alert: the rule that matched, the alert's stable id and why it fired.
    /// </summary>
    public sealed record AlertFields(string Id, Rules.Loading.DetectionRule Rule, string Reason);

    private static void WriteDns(Utf8JsonWriter json, DnsEvent e)
    {
        DnsMessage message = e.Message;
        Span<char> text = stackalloc char[16];
        json.WriteStartObject("dns");
        if (e.FromPacket)
        {
            json.WriteNumber("id", message.Id);
        }

        json.WriteString("op_code", text[..DnsNames.FormatOpcode(message.Opcode, text)]);
        json.WriteString("type", message.IsResponse ? "answer" : "query");
        WriteHeaderFlags(json, message);

        if (e.HasQuestion)
        {
            DnsQuestion question = e.Question;
            json.WriteStartObject("question");
            json.WriteString("name", message.Text(question.Name));
            json.WriteString("type", text[..DnsNames.FormatType(question.Type, text)]);
            json.WriteString("class", text[..DnsNames.FormatClass(question.Class, text)]);
            json.WriteEndObject();
        }

        if (message.IsResponse)
        {
            json.WriteString("response_code", text[..DnsNames.FormatResponseCode(message.ResponseCode, text)]);
            WriteAnswers(json, message);
        }

        if (message.HasOpt)
        {
            json.WriteStartObject("opt");
            json.WriteNumber("version", message.OptVersion);
            json.WriteBoolean("do", message.OptDnssecOk);
            json.WriteNumber("ext_rcode", message.OptExtendedRcode);
            json.WriteNumber("udp_size", message.OptUdpPayloadSize);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteAnswers(Utf8JsonWriter json, DnsMessage message)
    {
        if (message.AnswerCount == 0)
        {
            return;
        }

        Span<char> text = stackalloc char[16];
        json.WriteStartArray("answers");
        foreach (DnsRecord answer in message.Answers)
        {
            json.WriteStartObject();
            json.WriteString("name", message.Text(answer.Name));
            json.WriteString("type", text[..DnsNames.FormatType(answer.Type, text)]);
            json.WriteString("class", text[..DnsNames.FormatClass(answer.Class, text)]);
            json.WriteNumber("ttl", answer.Ttl);
            if (answer.Data.IsEmpty)
            {
                json.WriteNumber("size", answer.DataLength);
            }
            else
            {
                json.WriteString("data", message.Text(answer.Data));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        bool anyAddress = false;
        foreach (DnsRecord answer in message.Answers)
        {
            if (!answer.IsAddress)
            {
                continue;
            }

            if (!anyAddress)
            {
                json.WriteStartArray("resolved_ip");
                anyAddress = true;
            }

            json.WriteStringValue(message.Text(answer.Data));
        }

        if (anyAddress)
        {
            json.WriteEndArray();
        }
    }

    // Packetbeat's order and names; DO comes from the OPT record (RFC 3225).
    private static void WriteHeaderFlags(Utf8JsonWriter json, DnsMessage message)
    {
        int flags = message.Flags;
        json.WriteStartArray("header_flags");
        WriteFlag(json, flags, 0x0400, "AA");
        WriteFlag(json, flags, 0x0200, "TC");
        WriteFlag(json, flags, 0x0100, "RD");
        WriteFlag(json, flags, 0x0080, "RA");
        WriteFlag(json, flags, 0x0020, "AD");
        WriteFlag(json, flags, 0x0010, "CD");
        if (message.OptDnssecOk)
        {
            json.WriteStringValue("DO");
        }

        json.WriteEndArray();
    }

    private static void WriteFlag(Utf8JsonWriter json, int flags, int mask, string name)
    {
        if ((flags & mask) != 0)
        {
            json.WriteStringValue(name);
        }
    }

    // Our own fields: how attribution went, and why the answers could not be read to the end.
    private static void WriteIplookup(Utf8JsonWriter json, DnsEvent e)
    {
        if (e.Attribution == AttributionStatus.None && e.Message.Incomplete == SkipReason.None)
        {
            return;
        }

        json.WriteStartObject("iplookup");
        if (e.Attribution != AttributionStatus.None)
        {
            json.WriteStartObject("attribution");
            json.WriteString(
                "status",
                e.Attribution switch
                {
                    AttributionStatus.Direct => "direct",
                    AttributionStatus.Unattributed => "unattributed",
                    AttributionStatus.ResolverOnly => "resolver_only",
                    AttributionStatus.ViaResolver => "via_resolver",
                    _ => "not_applicable",
                }
            );
            WriteIfPresent(json, "method", e.AttributionMethod);
            WriteIfPresent(json, "confidence", e.AttributionConfidence);
            WriteIfPresent(json, "reason", e.AttributionReason);
            if (e.AttributionCandidates is int candidates)
            {
                json.WriteNumber("candidates", candidates);
            }

            if (e.Resolver is { } resolver)
            {
                json.WriteStartObject("resolver");
                json.WriteNumber("pid", resolver.Pid);
                json.WriteString("name", resolver.Name);
                WriteIfPresent(json, "executable", resolver.Executable);
                WriteIfPresent(json, "user_id", resolver.UserId);
                WriteIfPresent(json, "user_name", resolver.UserName);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }

        if (e.Message.Incomplete != SkipReason.None)
        {
            json.WriteStartObject("dns");
            json.WriteString("incomplete", SkipReasons.Name(e.Message.Incomplete));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteProcess(Utf8JsonWriter json, ProcessIdentity? process)
    {
        if (process is null)
        {
            return;
        }

        Span<char> text = stackalloc char[TimestampText.MaxLength];
        json.WriteStartObject("process");
        json.WriteNumber("pid", process.Pid);
        json.WriteString("name", process.Name);
        WriteIfPresent(json, "executable", process.Executable);
        if (process.Args is { Count: > 0 })
        {
            json.WriteStartArray("args");
            foreach (string arg in process.Args)
            {
                json.WriteStringValue(arg);
            }

            json.WriteEndArray();
        }

        if (process.Start is DateTimeOffset start)
        {
            json.WriteString(
                "start",
                text[
                    ..TimestampText.Format(
                        start.ToUnixTimeMilliseconds() * 1_000_000,
                        Capture.TimestampPrecision.Microseconds,
                        text
                    )
                ]
            );
        }

        WriteIfPresent(json, "entity_id", process.EntityId);
        json.WriteEndObject();
        if (process.UserId is null && process.UserName is null && process.UserDomain is null)
        {
            return;
        }

        json.WriteStartObject("user");
        WriteIfPresent(json, "id", process.UserId);
        WriteIfPresent(json, "name", process.UserName);
        WriteIfPresent(json, "domain", process.UserDomain);
        json.WriteEndObject();
    }

    private static void WriteEndpoint(Utf8JsonWriter json, string name, IpAddressValue ip, ushort port)
    {
        Span<char> text = stackalloc char[IpAddressText.MaxLength];
        json.WriteStartObject(name);
        json.WriteString("ip", text[..ip.Format(text)]);
        json.WriteNumber("port", port);
        json.WriteEndObject();
    }

    private static void WriteSingleton(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartArray(name);
        json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
