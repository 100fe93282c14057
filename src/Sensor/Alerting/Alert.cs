namespace IpLookupSensor.Sensor.Alerting;

/// <summary>
/// One alert as every output needs it: the ECS document, and the few facts the syslog formats put in their own
/// fields (structured data, CEF and LEEF keys). Strings are as found on the wire or the host: outputs escape them.
/// </summary>
internal sealed record Alert
{
    /// <summary>
    /// Stable across replays and re-sends (<see cref="AlertId"/>), so a collector can drop duplicates.
    /// </summary>
    public required string Id { get; init; }

    public required AlertKind Kind { get; init; }

    /// <summary>When the alert was raised, by the sensor's clock (the syslog header's time).</summary>
    public required DateTime Created { get; init; }

    /// <summary>Packet time, nanoseconds since the Unix epoch (ECS <c>@timestamp</c>).</summary>
    public required long Timestamp { get; init; }

    public required string RuleId { get; init; }

    public required string RuleName { get; init; }

    public required int RuleVersion { get; init; }

    /// <summary>low, medium, high or critical, as in the rule file.</summary>
    public required string Severity { get; init; }

    public required int RiskScore { get; init; }

    /// <summary>Why it fired, in one sentence (ECS <c>message</c>).</summary>
    public required string Reason { get; init; }

    public IReadOnlyList<string> Tactics { get; init; } = [];

    public IReadOnlyList<string> Techniques { get; init; } = [];

    public IReadOnlyList<string> Subtechniques { get; init; } = [];

    public string? QuestionName { get; init; }

    public string? QuestionType { get; init; }

    public string? Transport { get; init; }

    public string? SourceIp { get; init; }

    public int? SourcePort { get; init; }

    public string? DestinationIp { get; init; }

    public int? DestinationPort { get; init; }

    public long? ProcessPid { get; init; }

    public string? ProcessName { get; init; }

    public string? ProcessExecutable { get; init; }

    public string? UserId { get; init; }

    public string? UserName { get; init; }

    public string? UserDomain { get; init; }

    /// <summary>The whole ECS document, UTF-8, one line.</summary>
    public required ReadOnlyMemory<byte> EcsJson { get; init; }
}
