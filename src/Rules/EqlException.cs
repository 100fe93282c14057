using IpLookupSensor.Rules.Syntax;

namespace IpLookupSensor.Rules;

/// <summary>A query that cannot be run: a syntax or semantic error, with where it is and why in plain words.</summary>
public sealed class EqlException(string reason, SourcePosition position) : Exception($"{position}: {reason}")
{
    public string Reason { get; } = reason;

    public SourcePosition Position { get; } = position;
}
