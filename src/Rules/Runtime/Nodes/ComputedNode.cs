namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>A function or arithmetic result: one value per evaluation, null when it has none.</summary>
internal abstract class ComputedNode<TEvent> : ValueNode<TEvent>
{
    public abstract EqlValue Compute(TEvent e);

    public override int Count(TEvent e) => 1;

    public override EqlValue Get(TEvent e, int index) => Compute(e);
}
