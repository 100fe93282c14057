namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary><c>value [not] in (…)</c> and <c>in~</c>: exact comparison with each item, never wildcards.</summary>
public sealed record InList(
    Expression Value,
    IReadOnlyList<Expression> Items,
    bool CaseInsensitive,
    bool Negated,
    SourcePosition Position
) : Expression(Position)
{
    public override string ToString() =>
        $"{Value.Parenthesized()} {(Negated ? "not " : string.Empty)}in{(CaseInsensitive ? "~" : string.Empty)} "
        + $"({string.Join(", ", Items)})";
}
