namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// A value against constant strings or patterns (<c>== "x"</c>, <c>in</c>, <c>:</c>, <c>like</c>, <c>regex</c>),
/// without allocating.
/// </summary>
internal sealed class TextTestNode<TEvent>(ValueNode<TEvent> value, ITextMatcher matcher) : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e)
    {
        int count = value.Count(e);
        Truth result = count == 0 ? Truth.Null : Truth.False;
        for (int i = 0; i < count; i++)
        {
            if (value.TryGetText(e, i, out ReadOnlySpan<char> text))
            {
                if (matcher.Matches(text))
                {
                    return Truth.True;
                }
            }
            else if (value.Get(e, i).IsNull)
            {
                result = Truth.Null;
            }
        }

        return result;
    }
}
