namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary><c>| head N</c> or <c>| tail N</c>: the two pipes Elasticsearch runs on single-event queries.</summary>
public sealed record Pipe(bool Head, long Count)
{
    public override string ToString() => $"| {(Head ? "head" : "tail")} {Count}";
}
