namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// <c>f == null</c> (missing or null) and <c>f != null</c> (present): the two null-safe tests, never null themselves.
/// </summary>
internal sealed class NullCheckNode<TEvent>(ValueNode<TEvent> value, bool wantNull) : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e)
    {
        int count = value.Count(e);
        bool isNull = true;
        for (int i = 0; i < count && isNull; i++)
        {
            // Text values are present without being materialised as strings.
            isNull = !value.TryGetText(e, i, out _) && value.Get(e, i).IsNull;
        }

        return isNull == wantNull ? Truth.True : Truth.False;
    }
}
