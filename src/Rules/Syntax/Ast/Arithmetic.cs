namespace IpLookupSensor.Rules.Syntax.Ast;

public sealed record Arithmetic(ArithmeticOperator Operator, Expression Left, Expression Right, SourcePosition Position)
    : Expression(Position)
{
    public override string ToString() => $"{Left.Parenthesized()} {"+-*/%"[(int)Operator]} {Right.Parenthesized()}";
}
