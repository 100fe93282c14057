namespace IpLookupSensor.Rules.Runtime.Nodes;

internal sealed class FieldNode<TEvent>(FieldAccessor<TEvent> accessor) : ValueNode<TEvent>
{
    public override bool IsConstant => accessor.TryGetConstant(out _);

    public override int Count(TEvent e) => accessor.Count(e);

    public override EqlValue Get(TEvent e, int index) => accessor.Get(e, index);

    public override bool TryGetText(TEvent e, int index, out ReadOnlySpan<char> text) =>
        accessor.TryGetText(e, index, out text);
}
