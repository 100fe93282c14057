namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// A list of wildcard patterns as one matcher; a value matches when any pattern does. The shapes detection lists
/// use most get a faster test than the general matcher: <c>*literal</c> patterns share one reversed-suffix trie
/// (decided in one backward pass), <c>*literal*</c> patterns a vectorised substring search.
/// </summary>
internal sealed class WildcardSetMatcher : ITextMatcher
{
    private readonly ReversedSuffixTrie _suffixes;
    private readonly string[] _substrings;
    private readonly WildcardPattern[] _general;
    private readonly bool _ignoreCase;

    public WildcardSetMatcher(IEnumerable<string> patterns, bool ignoreCase)
    {
        _ignoreCase = ignoreCase;
        var suffixes = new List<string>();
        var substrings = new List<string>();
        var general = new List<WildcardPattern>();
        foreach (string pattern in patterns.Distinct(StringComparer.Ordinal))
        {
            ReadOnlySpan<char> inner = pattern.Length > 1 && pattern[0] == '*' ? pattern.AsSpan(1) : default;
            if (!inner.IsEmpty && inner.IndexOfAny('*', '?') < 0 && ReversedSuffixTrie.CanHold(inner.ToString()))
            {
                suffixes.Add(inner.ToString());
            }
            else if (inner.Length > 1 && inner[^1] == '*' && inner[..^1].IndexOfAny('*', '?') < 0)
            {
                substrings.Add(inner[..^1].ToString());
            }
            else
            {
                general.Add(new WildcardPattern(pattern, ignoreCase));
            }
        }

        _suffixes = new ReversedSuffixTrie(suffixes, ignoreCase);
        _substrings = [.. substrings];
        _general = [.. general];
    }

    public bool Matches(ReadOnlySpan<char> text)
    {
        if (_suffixes.MatchesAnySuffix(text))
        {
            return true;
        }

        foreach (string substring in _substrings)
        {
            if (_ignoreCase ? AsciiCase.Contains(text, substring) : text.Contains(substring, StringComparison.Ordinal))
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
