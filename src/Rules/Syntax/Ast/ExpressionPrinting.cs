namespace IpLookupSensor.Rules.Syntax.Ast;

internal static class ExpressionPrinting
{
    /// <summary>Parenthesises compound operands so the printed text parses back to the same tree.</summary>
    public static string Parenthesized(this Expression expression) =>
        expression switch
        {
            FieldReference or Literal or FunctionCall => expression.ToString(),
            _ => $"({expression})",
        };
}
