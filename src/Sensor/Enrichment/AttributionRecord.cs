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
    [property: JsonPropertyName("user_domain"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        string? UserDomain = null
)
{
    /// <summary>
    /// Absent: direct. resolver_only (the process fields are the resolver's) or via_resolver (the requester's).
    /// </summary>
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>via_resolver: how the requester was found live (answer_correlation, etw_dns_client).</summary>
    [JsonPropertyName("method"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Method { get; init; }

    [JsonPropertyName("confidence"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Confidence { get; init; }

    /// <summary>resolver_only: why no requester (resolver_uncorrelated, forwarded).</summary>
    [JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>via_resolver: the resolver that sent the query for the requester.</summary>
    [JsonPropertyName("resolver"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AttributionRecordResolver? Resolver { get; init; }
}
