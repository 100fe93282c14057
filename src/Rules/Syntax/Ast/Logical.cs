namespace IpLookupSensor.Rules.Syntax.Ast;

public sealed record Logical(LogicalOperator Operator, Expression Left, Expression Right, SourcePosition Position)
    : Expression(Position)
{
    public override string ToString() =>
        $"{Left.Parenthesized()} {(Operator == LogicalOperator.And ? "and" : "or")} {Right.Parenthesized()}";
}
