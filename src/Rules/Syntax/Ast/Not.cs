namespace IpLookupSensor.Rules.Syntax.Ast;

public sealed record Not(Expression Operand, SourcePosition Position) : Expression(Position)
{
    public override string ToString() => $"not {Operand.Parenthesized()}";
}
