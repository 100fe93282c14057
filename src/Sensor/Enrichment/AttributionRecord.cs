using System.Text.Json.Serialization;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>
/// One owner observation, as <c>run --record-attribution</c> writes it and <c>replay --attribution</c> reads it:
/// one JSON object a line (docs/attribution-record.md). Keyed by time, transport and local endpoint.
/// </summary>
internal sealed record AttributionRecord(
    [property: JsonPropertyName("@timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("transport")] string Transport,
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("port")] ushort Port,
    [property: JsonPropertyName("pid")] long Pid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("executable")] string? Executable,
    [property: JsonPropertyName("args")] IReadOnlyList<string>? Args,
    [property: JsonPropertyName("start")] DateTimeOffset? Start,
    [property: JsonPropertyName("entity_id")] string? EntityId,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("user_name")] string? UserName,
    [property: JsonPropertyName("user_domain"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserDomain = null);
