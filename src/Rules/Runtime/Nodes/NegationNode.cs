namespace IpLookupSensor.Rules.Runtime.Nodes;

internal sealed class NegationNode<TEvent>(ValueNode<TEvent> operand) : ComputedNode<TEvent>
{
    public override EqlValue Compute(TEvent e)
    {
        EqlValue value = operand.First(e);
        return value.Kind switch
        {
            EqlValueKind.Integer => EqlValue.From(-value.Integer),
            EqlValueKind.Double => EqlValue.From(-value.Double),
            _ => EqlValue.Null,
        };
    }
}
