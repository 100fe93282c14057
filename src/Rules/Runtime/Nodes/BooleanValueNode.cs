namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// A value used as a condition (a boolean field, a function like <c>startsWith</c>): true, false or null.
/// </summary>
internal sealed class BooleanValueNode<TEvent>(ValueNode<TEvent> value) : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e)
    {
        int count = value.Count(e);
        Truth result = count == 0 ? Truth.Null : Truth.False;
        for (int i = 0; i < count; i++)
        {
            EqlValue v = value.Get(e, i);
            result = AnyValue.Combine(
                result,
                v.Kind == EqlValueKind.Boolean ? (v.Boolean ? Truth.True : Truth.False) : Truth.Null
            );
        }

        return result;
    }
}
