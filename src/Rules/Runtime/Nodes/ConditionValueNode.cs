namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>A condition used as a value (<c>(a == 1) == true</c>, a function argument): true, false or null.</summary>
internal sealed class ConditionValueNode<TEvent>(PredicateNode<TEvent> condition) : ComputedNode<TEvent>
{
    public override EqlValue Compute(TEvent e) =>
        condition.Evaluate(e) switch
        {
            Truth.True => EqlValue.From(true),
            Truth.False => EqlValue.From(false),
            _ => EqlValue.Null,
        };
}
