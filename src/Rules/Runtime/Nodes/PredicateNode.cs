namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>A compiled condition.</summary>
internal abstract class PredicateNode<TEvent>
{
    public abstract Truth Evaluate(TEvent e);
}
