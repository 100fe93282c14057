namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// A list of wildcard patterns as one matcher. Patterns of the form <c>*literal</c> (most detection lists) become
/// suffix tests, the rest run the general matcher; a value matches when any pattern does.
/// </summary>
internal sealed class WildcardSetMatcher : ITextMatcher
{
    private readonly string[] _suffixes;
    private readonly WildcardPattern[] _general;
    private readonly StringComparison _comparison;

    public WildcardSetMatcher(IEnumerable<string> patterns, bool ignoreCase)
    {
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var suffixes = new List<string>();
        var general = new List<WildcardPattern>();
        foreach (string pattern in patterns.Distinct(StringComparer.Ordinal))
        {
            if (pattern.Length > 1 && pattern[0] == '*' && pattern.AsSpan(1).IndexOfAny('*', '?') < 0)
            {
                suffixes.Add(pattern[1..]);
            }
            else
            {
                general.Add(new WildcardPattern(pattern, ignoreCase));
            }
        }

        _suffixes = [.. suffixes];
        _general = [.. general];
    }

    public bool Matches(ReadOnlySpan<char> text)
    {
        foreach (string suffix in _suffixes)
        {
            if (text.EndsWith(suffix, _comparison))
            {
                return true;
            }
        }

        foreach (WildcardPattern pattern in _general)
        {
            if (pattern.Matches(text))
            {
                return true;
            }
        }

        return false;
    }
}
