namespace IpLookupSensor.Rules.Syntax.Ast;

public sealed record Comparison(ComparisonOperator Operator, Expression Left, Expression Right, SourcePosition Position)
    : Expression(Position)
{
    public override string ToString()
    {
        string symbol = Operator switch
        {
            ComparisonOperator.Equal => "==",
            ComparisonOperator.NotEqual => "!=",
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            _ => ">=",
        };
        return $"{Left.Parenthesized()} {symbol} {Right.Parenthesized()}";
    }
}
