namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary>
/// <c>category where condition [| head N | tail N]…</c>; <see cref="Category"/> is null for <c>any</c>.
/// </summary>
public sealed record EqlQuery(string? Category, Expression Condition, IReadOnlyList<Pipe>? Pipes = null)
{
    public override string ToString() =>
        $"{Category ?? "any"} where {Condition}{string.Concat((Pipes ?? []).Select(p => " " + p))}";
}
