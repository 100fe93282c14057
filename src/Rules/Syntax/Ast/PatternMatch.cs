namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary>
/// <c>value : pattern(s)</c>, <c>like</c>, <c>like~</c>, <c>regex</c>, <c>regex~</c>: true when any pattern matches.
/// </summary>
public sealed record PatternMatch(
    PatternKind Kind,
    Expression Value,
    IReadOnlyList<Literal> Patterns,
    SourcePosition Position
) : Expression(Position)
{
    public override string ToString()
    {
        string keyword = Kind switch
        {
            PatternKind.Colon => ":",
            PatternKind.Like => "like",
            PatternKind.LikeInsensitive => "like~",
            PatternKind.Regex => "regex",
            _ => "regex~",
        };
        string patterns = Patterns.Count == 1 ? Patterns[0].ToString() : $"({string.Join(", ", Patterns)})";
        return $"{Value.Parenthesized()} {keyword} {patterns}";
    }
}
