using System.Text;
using System.Text.RegularExpressions;

namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// Lucene RegExp (what ES evaluates for <c>regex</c>) as a .NET regex: the whole value must match, <c>.</c> matches
/// any character, <c>\</c> makes the next character literal. Lucene's optional operators (<c>@ # &lt; &amp; ~</c>)
/// have no .NET equivalent here and are refused unless escaped, rather than silently meaning something else.
/// </summary>
internal static class LuceneRegex
{
    public static Regex Translate(string pattern, bool ignoreCase)
    {
        var translated = new StringBuilder("^(?:");
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[++i];
                translated.Append(
                    next switch
                    {
                        'd' => inClass ? "0-9" : "[0-9]",
                        'D' => "[^0-9]",
                        's' => inClass ? " \\t\\n\\r\\f\\v" : "[ \\t\\n\\r\\f\\v]",
                        'S' => "[^ \\t\\n\\r\\f\\v]",
                        'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
                        'W' => "[^a-zA-Z0-9_]",
                        _ => Regex.Escape(next.ToString()),
                    }
                );
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                translated.Append(c is '[' ? "\\[" : c.ToString());
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    translated.Append(c);
                    break;
                case '@' or '#' or '<' or '>' or '&' or '~':
                    throw new ArgumentException(
                        $"the Lucene regex operator '{c}' is not supported; escape it as \\{c} to match it literally"
                    );
                case '.' or '*' or '+' or '?' or '|' or '(' or ')' or '{' or '}' or ']':
                    translated.Append(c);
                    break;
                case '^' or '$':
                    translated.Append('\\').Append(c); // not anchors in Lucene: the match is always whole
                    break;
                default:
                    translated.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        translated.Append(")$");
        RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking;
        try
        {
            return new Regex(translated.ToString(), ignoreCase ? options | RegexOptions.IgnoreCase : options);
        }
        catch (NotSupportedException e)
        {
            // Its automaton would exceed the engine's limit (as Lucene refuses one of more than 10,000 states).
            throw new ArgumentException($"too complex to match in linear time ({e.Message})", e);
        }
    }
}
