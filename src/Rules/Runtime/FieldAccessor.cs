namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// Reads one field of an event, bound once at compile time. A field has zero values (missing or null), one, or
/// several (an array: a test matches when any value does).
/// </summary>
public abstract class FieldAccessor<TEvent>(string path)
{
    public string Path { get; } = path;

    /// <summary>
    /// True when every event of this type has the same value here (network.protocol for a DNS sensor): the
    /// compiler then decides tests on the field once, when it compiles. <paramref name="value"/> is null for "always
    /// missing".
    /// </summary>
    public virtual bool TryGetConstant(out EqlValue value)
    {
        value = default;
        return false;
    }

    public abstract int Count(TEvent e);

    public abstract EqlValue Get(TEvent e, int index);

    /// <summary>
    /// The value as text without allocating, where the event holds it as text; false for other kinds.
    /// </summary>
    public virtual bool TryGetText(TEvent e, int index, out ReadOnlySpan<char> text) =>
        Get(e, index).TryGetText(out text);
}
