using IpLookupSensor.Rules.Syntax;
using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Loading;

/// <summary>An Elastic detection-rules EQL rule as loaded from its TOML file.</summary>
public sealed record DetectionRule
{
    public required string RuleId { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    public required EqlQuery Query { get; init; }

    public required string QueryText { get; init; }

    /// <summary>low, medium, high or critical.</summary>
    public required string Severity { get; init; }

    public required int RiskScore { get; init; }

    public int Version { get; init; } = 1;

    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    public string From { get; init; } = "now-6m";

    public int MaxSignals { get; init; } = 100;

    public IReadOnlyList<string> Author { get; init; } = [];

    public string? License { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Note { get; init; }

    public IReadOnlyList<string> FalsePositives { get; init; } = [];

    public IReadOnlyList<ThreatMapping> Threats { get; init; } = [];

    public string? EventCategoryOverride { get; init; }

    public AlertSuppression? AlertSuppression { get; init; }

    /// <summary>Where the rule came from, for messages.</summary>
    public required string SourceFile { get; init; }

    /// <summary>Where the query text starts in <see cref="SourceFile"/> (line 0 when it cannot be located).</summary>
    public SourcePosition QueryStart { get; init; }

    /// <summary>A refusal for a query error, positioned in the rule file rather than in the query.</summary>
    public RuleRefusal RefusalAt(EqlException error) => RuleLoader.Refusal(SourceFile, QueryStart, error);
}
