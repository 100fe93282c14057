namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// <c>==</c>, <c>in</c> and <c>in~</c> against string constants: exact, never wildcards; <c>in~</c> folds ASCII case.
/// </summary>
internal sealed class ExactTextMatcher : ITextMatcher
{
    // Up to this many values a straight comparison beats hashing the value.
    private const int LinearLimit = 4;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _values;
    private readonly string[] _few;
    private readonly bool _ignoreCase;

    public ExactTextMatcher(IEnumerable<string> values, bool ignoreCase)
    {
        _ignoreCase = ignoreCase;
        var set = new HashSet<string>(
            ignoreCase ? values.Select(v => AsciiCase.Folded(v, []).ToString()) : values,
            StringComparer.Ordinal
        );
        _values = set.GetAlternateLookup<ReadOnlySpan<char>>();
        _few = set.Count <= LinearLimit ? [.. set] : [];
    }

    public bool Matches(ReadOnlySpan<char> text)
    {
        if (_few.Length == 0)
        {
            return _values.Contains(_ignoreCase ? AsciiCase.Folded(text, stackalloc char[256]) : text);
        }

        foreach (string value in _few)
        {
            if (value.Length == text.Length && (_ignoreCase ? EqualsFolded(text, value) : text.SequenceEqual(value)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EqualsFolded(ReadOnlySpan<char> text, string folded)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (AsciiCase.Fold(text[i]) != folded[i])
            {
                return false;
            }
        }

        return true;
    }
}
