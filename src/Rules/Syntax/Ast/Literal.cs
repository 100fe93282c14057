using IpLookupSensor.Rules.Runtime;

namespace IpLookupSensor.Rules.Syntax.Ast;

public sealed record Literal(EqlValue Value, SourcePosition Position) : Expression(Position)
{
    public override string ToString() => Value.ToLiteral();
}
