namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary><c>or</c>; see <see cref="AndNode{TEvent}"/> for the two logic modes.</summary>
internal sealed class OrNode<TEvent>(PredicateNode<TEvent> left, PredicateNode<TEvent> right, bool strict)
    : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e)
    {
        Truth a = left.Evaluate(e);
        if (a == Truth.True)
        {
            return Truth.True;
        }

        Truth b = right.Evaluate(e);
        if (b == Truth.True)
        {
            return Truth.True;
        }

        return strict && (a == Truth.Null || b == Truth.Null) ? Truth.Null : Truth.False;
    }
}
