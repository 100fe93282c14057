namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// Case-insensitive comparison as Elasticsearch's case-insensitive term and wildcard queries do it: ASCII letters
/// fold, nothing else does (so "ı" is not "i", unlike .NET's OrdinalIgnoreCase).
/// </summary>
internal static class AsciiCase
{
    public static char Fold(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;

    public static bool Same(char a, char b) => a == b || Fold(a) == Fold(b);

    public static bool Contains(ReadOnlySpan<char> text, ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return true;
        }

        char lower = Fold(part[0]);
        char upper = char.IsAsciiLetterLower(lower) ? (char)(lower & ~0x20) : lower;
        for (int start = 0; start + part.Length <= text.Length; start++)
        {
            int next = text[start..].IndexOfAny(lower, upper); // vectorised jump to the next candidate
            if (next < 0)
            {
                return false;
            }

            start += next;
            if (start + part.Length > text.Length)
            {
                return false;
            }

            int i = 0;
            while (i < part.Length && Same(text[start + i], part[i]))
            {
                i++;
            }

            if (i == part.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text with ASCII letters folded, into <paramref name="buffer"/> when it fits.</summary>
    public static ReadOnlySpan<char> Folded(ReadOnlySpan<char> text, Span<char> buffer)
    {
        Span<char> folded = text.Length <= buffer.Length ? buffer[..text.Length] : new char[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            folded[i] = Fold(text[i]);
        }

        return folded;
    }
}
