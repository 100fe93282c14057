using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Json;
using IpLookupSensor.Rules.Syntax;
using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Tests.Syntax;

public sealed class ParserTests
{
    [Theory]
    [InlineData(
        "process where startwith(process.name, \"a\")",
        1,
        15,
        "unknown function 'startwith' — did you mean 'startsWith'?"
    )]
    [InlineData(
        "process where process.name = \"a\"",
        1,
        28,
        "'=' is not an operator; use == (case-sensitive) or : (case-insensitive)"
    )]
    [InlineData(
        "process where process.name == 'a'",
        1,
        31,
        "single-quoted strings are not supported; use \"...\" or \"\"\"...\"\"\""
    )]
    [InlineData("process where\n  process.name == \"a", 2, 19, "string is never closed with \"")]
    [InlineData("process where a < b < c", 1, 21, "comparisons cannot be chained (a < b < c); combine them with and")]
    [InlineData(
        "sequence by host.id [process where true] [network where true]",
        1,
        1,
        "sequence queries are not supported yet; only single-event queries (category where condition) are"
    )]
    [InlineData(
        "sample by host.id [process where true]",
        1,
        1,
        "sample queries are not supported yet; only single-event queries (category where condition) are"
    )]
    [InlineData(
        "process where true | unique a",
        1,
        22,
        "the pipe 'unique' is not supported; Elasticsearch runs only head and tail on these queries"
    )]
    [InlineData("process where true | head 0", 1, 27, "head needs a positive whole number")]
    [InlineData("process where process.name : 5", 1, 30, ": compares with string constants; found '5'")]
    [InlineData("process where /* never closed", 1, 15, "comment /* is never closed with */")]
    [InlineData("process where length(a, b) == 1", 1, 15, "length takes 1 arguments, not 2")]
    [InlineData("process where length~(a) == 1", 1, 15, "length has no case-insensitive variant (length~)")]
    [InlineData(
        "process where a regex \"x@y\"",
        1,
        17,
        "bad regular expression: the Lucene regex operator '@' is not supported; escape it as \\@ to match it literally"
    )]
    [InlineData("process where length(a)", 1, 15, "length returns a value, not a condition; compare it with something")]
    [InlineData(
        "process where \"\\u{D800}\" == a",
        1,
        15,
        "\\u{...} needs 2 to 8 hex digits naming a Unicode scalar value"
    )]
    [InlineData("where true", 1, 1, "a query starts with an event category (or any) followed by where")]
    [InlineData("process where", 1, 14, "the query ends where a value was expected")]
    public void Compile_BadQuery_ReportsPositionAndReason(string query, int line, int column, string reason)
    {
        EqlException error = Assert.Throws<EqlException>(() =>
            new EqlCompiler<JsonEvent>(JsonFieldBinder.Instance).Compile(query)
        );
        Assert.Equal(reason, error.Reason);
        Assert.Equal(new SourcePosition(line, column), error.Position);
    }

    [Fact]
    public void Compile_UnknownFieldOnATypedBinder_SaysHowToMakeItOptional()
    {
        var binder = new Support.FixedFieldsBinder("process.name");
        EqlException error = Assert.Throws<EqlException>(() =>
            new EqlCompiler<Support.FixedFieldsEvent>(binder).Compile("any where process.nmae == \"x\"")
        );
        Assert.Equal(
            "unknown field 'process.nmae': these events never have it (write ?process.nmae if it may be absent)",
            error.Reason
        );
        Assert.Equal(new SourcePosition(1, 11), error.Position);
        Assert.False(
            new EqlCompiler<Support.FixedFieldsEvent>(binder)
                .Compile("any where ?process.nmae == \"x\"")
                .Matches(new Support.FixedFieldsEvent())
        );
    }

    [Theory]
    [InlineData(
        "network where network.protocol == \"dns\" and not process.name : (\"a*\", \"b\")",
        "network where (network.protocol == \"dns\") and (not (process.name : (\"a*\", \"b\")))"
    )]
    [InlineData(
        "any where a in~ (1, \"x\") or b not in (2.5, true, null)",
        "any where (a in~ (1, \"x\")) or (b not in (2.5, true, null))"
    )]
    [InlineData(
        "process where startsWith~(`odd``name`, \"\"\"C:\\x\"\"\") and -a * 2 + 1 >= ?b % 3",
        "process where startsWith~(`odd``name`, \"C:\\\\x\") and ((((-a) * 2) + 1) >= (?b % 3))"
    )]
    [InlineData(
        "\"my category\" where x like~ \"a\\\"b\" and y regex (\"a\", \"b\")",
        "my category where (x like~ \"a\\\"b\") and (y regex (\"a\", \"b\"))"
    )]
    public void ToString_PrintsCanonicalEqlThatParsesBackToTheSameTree(string query, string canonical)
    {
        EqlQuery parsed = Parser.ParseQuery(query);
        string printed = parsed.ToString();
        Assert.Equal(canonical, printed);
        Assert.Equal(
            printed,
            Parser
                .ParseQuery(
                    printed.StartsWith("my category", StringComparison.Ordinal)
                        ? "\"my category\"" + printed["my category".Length..]
                        : printed
                )
                .ToString()
        );
    }

    [Fact]
    public void Parse_CommentsAnywhere_AreIgnored()
    {
        EqlQuery query = Parser.ParseQuery(
            "// leading line\nnetwork /* c */ where /* c */ a : ( /* c */ \"x\" // c\n , \"y\" ) // trailing"
        );
        Assert.Equal("network where a : (\"x\", \"y\")", query.ToString());
    }

    [Fact]
    public void Parse_StringEscapes_FollowElasticsearch()
    {
        var literal = (Comparison)Parser.ParseExpression("a == \"\\t\\n\\r\\\"\\'\\\\\\w\\*\\u{41}\\u{1F600}\"");
        Assert.Equal("\t\n\r\"'\\\\w\\*A\U0001F600", ((Literal)literal.Right).Value.String);
    }
}
