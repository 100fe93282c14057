namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary><c>in</c> / <c>in~</c> when the list holds non-string or computed items: equality with any item.</summary>
internal sealed class InValuesNode<TEvent>(ValueNode<TEvent> value, ValueNode<TEvent>[] items, bool ignoreCase)
    : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e)
    {
        int count = value.Count(e);
        Truth result = count == 0 ? Truth.Null : Truth.False;
        for (int i = 0; i < count && result != Truth.True; i++)
        {
            EqlValue a = value.Get(e, i);
            foreach (ValueNode<TEvent> item in items)
            {
                EqlValue b = item.First(e);
                int? order = EqlValues.Compare(a, b, ignoreCase);
                result = AnyValue.Combine(
                    result,
                    order == 0 ? Truth.True
                        : order is null && (a.IsNull || b.IsNull) ? Truth.Null
                        : Truth.False
                );
            }
        }

        return result;
    }
}
