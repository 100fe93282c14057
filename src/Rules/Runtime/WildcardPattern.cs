namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// One EQL wildcard pattern: <c>*</c> is any run of characters (path separators included), <c>?</c> exactly one,
/// everything else literal; a backslash is an ordinary character and escapes nothing (ES StringUtils.toLikePattern).
/// </summary>
internal sealed class WildcardPattern
{
    private readonly bool _ignoreCase;
    private readonly string _head; // before the first *
    private readonly string _middle; // from the first * to the last *, both included; empty without stars
    private readonly string _tail; // after the last *

    public WildcardPattern(string pattern, bool ignoreCase)
    {
        Pattern = pattern;
        _ignoreCase = ignoreCase;
        int first = pattern.IndexOf('*', StringComparison.Ordinal);
        int last = pattern.LastIndexOf('*');
        (_head, _middle, _tail) =
            first < 0
                ? (pattern, string.Empty, string.Empty)
                : (pattern[..first], pattern[first..(last + 1)], pattern[(last + 1)..]);
    }

    public string Pattern { get; }

    /// <summary>
    /// The fixed head and tail are checked first (most values differ there: drive letter, file name), then the part
    /// between the stars runs a greedy two-pointer match with one backtrack point per star, without recursion.
    /// </summary>
    public bool Matches(ReadOnlySpan<char> text)
    {
        if (_middle.Length == 0)
        {
            return text.Length == _head.Length && Segment(text, _head);
        }

        if (
            text.Length < _head.Length + _tail.Length
            || !Segment(text[..^(text.Length - _head.Length)], _head)
            || !Segment(text[(text.Length - _tail.Length)..], _tail)
        )
        {
            return false;
        }

        return Starred(text[_head.Length..(text.Length - _tail.Length)], _middle);
    }

    private bool Segment(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        for (int i = pattern.Length - 1; i >= 0; i--)
        {
            if (pattern[i] != '?' && !Same(pattern[i], text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool Starred(ReadOnlySpan<char> text, ReadOnlySpan<char> pattern)
    {
        int t = 0,
            p = 0,
            starP = -1,
            starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && (pattern[p] == '?' || Same(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private bool Same(char a, char b) => _ignoreCase ? AsciiCase.Same(a, b) : a == b;
}
