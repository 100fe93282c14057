using System.Text.RegularExpressions;
using IpLookupSensor.Rules.Runtime;

namespace IpLookupSensor.Rules.Tests.Runtime;

public sealed class WildcardSetMatcherTests
{
    private const string Alphabet = "aB.*?\\ı";

    /// <summary>
    /// Every path (suffix trie, substring search, head/tail checks, star matching) decides as a regex oracle does.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Matches_AgreesWithThePlainMatcherPatternByPattern(bool ignoreCase)
    {
        var random = new Random(ignoreCase ? 1 : 2);
        for (int round = 0; round < 3_000; round++)
        {
            string[] patterns = [.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => Pattern(random))];
            var set = new WildcardSetMatcher(patterns, ignoreCase);
            for (int v = 0; v < 10; v++)
            {
                string value = Text(random, "aAbB.\\ıI", random.Next(0, 7));
                bool expected = patterns.Any(p => Oracle(p, value, ignoreCase));
                Assert.True(expected == set.Matches(value), $"[{string.Join(", ", patterns)}] on \"{value}\"");
                Assert.Equal(
                    Oracle(patterns[0], value, ignoreCase),
                    new WildcardPattern(patterns[0], ignoreCase).Matches(value)
                );
            }
        }
    }

    [Theory]
    [InlineData("*api.ipify.org", "API.IPIFY.ORG", true)]
    [InlineData("*api.ipify.org", "apı.ipify.org", false)] // dotless i is not an i: ES folds ASCII only
    [InlineData("*ifconfig.*", "x.IFCONFIG.me", true)]
    [InlineData("*ifconfig.*", "ifconfig", false)]
    [InlineData("?:\\Program Files\\*.exe", "d:\\program files\\x.EXE", true)]
    public void Matches_ColonSemantics(string pattern, string value, bool expected) =>
        Assert.Equal(expected, new WildcardSetMatcher([pattern], ignoreCase: true).Matches(value));

    [Fact]
    public void InInsensitive_FoldsAsciiOnly() =>
        Assert.Equal(
            (true, false),
            (
                new ExactTextMatcher(["Admin"], true).Matches("ADMIN"),
                new ExactTextMatcher(["admin"], true).Matches("admın")
            )
        );

    // * is .*, ? is one character, everything else literal; case folding is ASCII-only, applied to both sides.
    private static bool Oracle(string pattern, string value, bool ignoreCase)
    {
        static string Fold(string s) => new([.. s.Select(c => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c)]);
        string regex =
            "^"
            + string.Concat(
                pattern.Select(c =>
                    c switch
                    {
                        '*' => ".*",
                        '?' => ".",
                        _ => Regex.Escape(c.ToString()),
                    }
                )
            )
            + "$";
        return Regex.IsMatch(
            ignoreCase ? Fold(value) : value,
            ignoreCase ? Fold(regex) : regex,
            RegexOptions.Singleline | RegexOptions.CultureInvariant
        );
    }

    private static string Pattern(Random random)
    {
        string body = Text(random, Alphabet, random.Next(0, 5));
        return random.Next(3) switch
        {
            0 => "*" + body,
            1 => "*" + body + "*",
            _ => body,
        };
    }

    private static string Text(Random random, string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
}
