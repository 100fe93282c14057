namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// <c>and</c>, <c>or</c>, <c>not</c>. In Elasticsearch mode every operand counts only when it is true (ES turns
/// conditions into bool queries, where a leaf on a missing field simply does not match, and <c>not</c> is
/// must_not); in strict mode they follow Kleene's three-valued logic.
/// </summary>
internal sealed class AndNode<TEvent>(PredicateNode<TEvent> left, PredicateNode<TEvent> right, bool strict)
    : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e)
    {
        Truth a = left.Evaluate(e);
        if (a == Truth.False || (!strict && a == Truth.Null))
        {
            return Truth.False;
        }

        Truth b = right.Evaluate(e);
        if (!strict)
        {
            return b == Truth.True ? Truth.True : Truth.False;
        }

        return b == Truth.False ? Truth.False
            : a == Truth.True && b == Truth.True ? Truth.True
            : Truth.Null;
    }
}
