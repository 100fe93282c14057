namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary>
/// A function call; <see cref="Name"/> is the canonical spelling, <see cref="CaseInsensitive"/> the <c>~</c> suffix.
/// </summary>
public sealed record FunctionCall(
    string Name,
    bool CaseInsensitive,
    IReadOnlyList<Expression> Arguments,
    SourcePosition Position
) : Expression(Position)
{
    public override string ToString() =>
        $"{Name}{(CaseInsensitive ? "~" : string.Empty)}({string.Join(", ", Arguments)})";
}
