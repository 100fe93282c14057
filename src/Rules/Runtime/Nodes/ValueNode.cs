namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// A compiled value: a field (zero or more values), a constant, or a computed result (exactly one value).
/// </summary>
internal abstract class ValueNode<TEvent>
{
    public abstract int Count(TEvent e);

    public abstract EqlValue Get(TEvent e, int index);

    public virtual bool TryGetText(TEvent e, int index, out ReadOnlySpan<char> text) =>
        Get(e, index).TryGetText(out text);

    /// <summary>
    /// Whether the node has the same values for every event, so tests on it can be decided when compiling.
    /// </summary>
    public virtual bool IsConstant => false;

    /// <summary>The first value, or null: what a function sees of a multi-valued field.</summary>
    public EqlValue First(TEvent e) => Count(e) > 0 ? Get(e, 0) : EqlValue.Null;
}
