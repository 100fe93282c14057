using System.Text.Json.Serialization;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>
/// The resolver of a via_resolver <see cref="AttributionRecord"/>, as in iplookup.attribution.resolver.*.
/// </summary>
internal sealed record AttributionRecordResolver(
    [property: JsonPropertyName("pid")] long Pid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("executable")] string? Executable,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("user_name")] string? UserName
);
