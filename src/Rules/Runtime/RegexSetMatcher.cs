using System.Text.RegularExpressions;

namespace IpLookupSensor.Rules.Runtime;

/// <summary><c>regex</c> / <c>regex~</c> with one or more patterns: true when any matches the whole value.</summary>
internal sealed class RegexSetMatcher(IEnumerable<string> patterns, bool ignoreCase) : ITextMatcher
{
    private readonly Regex[] _patterns = [.. patterns.Select(p => LuceneRegex.Translate(p, ignoreCase))];

    public bool Matches(ReadOnlySpan<char> text)
    {
        foreach (Regex pattern in _patterns)
        {
            if (pattern.IsMatch(text))
            {
                return true;
            }
        }

        return false;
    }
}
