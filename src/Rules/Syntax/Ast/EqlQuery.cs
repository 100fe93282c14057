namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary><c>category where condition</c>; <see cref="Category"/> is null for <c>any</c>.</summary>
public sealed record EqlQuery(string? Category, Expression Condition)
{
    public override string ToString() => $"{Category ?? "any"} where {Condition}";
}
