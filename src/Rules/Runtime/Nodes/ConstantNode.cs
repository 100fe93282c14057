namespace IpLookupSensor.Rules.Runtime.Nodes;

internal sealed class ConstantNode<TEvent>(EqlValue value) : ValueNode<TEvent>
{
    public EqlValue Value { get; } = value;

    public override bool IsConstant => true;

    public override int Count(TEvent e) => Value.IsNull ? 0 : 1;

    public override EqlValue Get(TEvent e, int index) => Value;
}
