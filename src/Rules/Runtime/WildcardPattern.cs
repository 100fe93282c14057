namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// One EQL wildcard pattern: <c>*</c> is any run of characters (path separators included), <c>?</c> exactly one,
/// everything else literal; a backslash is an ordinary character and escapes nothing (ES StringUtils.toLikePattern).
/// </summary>
internal sealed class WildcardPattern(string pattern, bool ignoreCase)
{
    public string Pattern { get; } = pattern;

    /// <summary>Greedy two-pointer match with one backtrack point per star: linear in practice, no recursion.</summary>
    public bool Matches(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> pattern = Pattern;
        int t = 0, p = 0, starP = -1, starT = 0;
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

    private bool Same(char a, char b) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
