namespace IpLookupSensor.Rules.Compilation;

public sealed record EqlOptions
{
    /// <summary>
    /// False (default): Elasticsearch's behaviour, where a negated test (<c>not</c>, <c>!=</c>, <c>not in</c>) matches
    /// an event that lacks the field. True: strict three-valued logic, where such a test is null and does not match.
    /// </summary>
    public bool StrictNullLogic { get; init; }

    /// <summary>The field the query's category is matched against (detection-rules' event_category_override).</summary>
    public string CategoryField { get; init; } = "event.category";
}
