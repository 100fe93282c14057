namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// <c>not</c>: in Elasticsearch mode true unless the operand is true (must_not); strict mode keeps null.
/// </summary>
internal sealed class NotNode<TEvent>(PredicateNode<TEvent> operand, bool strict) : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e) =>
        operand.Evaluate(e) switch
        {
            Truth.True => Truth.False,
            Truth.False => Truth.True,
            _ => strict ? Truth.Null : Truth.True,
        };
}
