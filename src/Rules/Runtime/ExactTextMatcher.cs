namespace IpLookupSensor.Rules.Runtime;

/// <summary><c>==</c>, <c>in</c> and <c>in~</c> against string constants: exact, never wildcards.</summary>
internal sealed class ExactTextMatcher : ITextMatcher
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _values;

    public ExactTextMatcher(IEnumerable<string> values, bool ignoreCase)
    {
        var set = new HashSet<string>(values, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        _values = set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Matches(ReadOnlySpan<char> text) => _values.Contains(text);
}
