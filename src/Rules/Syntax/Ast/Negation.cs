namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary>Unary minus.</summary>
public sealed record Negation(Expression Operand, SourcePosition Position) : Expression(Position)
{
    public override string ToString() => $"-{Operand.Parenthesized()}";
}
