namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>A condition decided when the query was compiled.</summary>
internal sealed class ConstantPredicate<TEvent>(Truth value) : PredicateNode<TEvent>
{
    public Truth Value => value;

    public override Truth Evaluate(TEvent e) => value;
}
