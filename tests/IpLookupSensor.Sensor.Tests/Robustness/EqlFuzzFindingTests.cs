using IpLookupSensor.Rules;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Robustness;

/// <summary>
/// What the eql fuzz target found (fuzz/README.md), 2026-11-29, after 29–37 million executions: queries nested
/// thousands deep (parentheses, not, unary minus, function calls) overflowed the parser's stack, which no handler
/// catches — the process died; a chain of 50,000 <c>or</c> did the same in the compiler; a regular expression whose
/// automaton is too large escaped as NotSupportedException; and, after 67 million, a <c>\u{cccccccc}</c> escape
/// escaped as ArgumentOutOfRangeException. Each must be refused with a position.
/// </summary>
public sealed class EqlFuzzFindingTests
{
    private const string Field = "dns.question.name";

    public static TheoryData<string> TooDeep() =>
        [
            $"network where {new string('(', 20_000)}true{new string(')', 20_000)}",
            $"network where {string.Concat(Enumerable.Repeat("not ", 20_000))}true",
            $"network where {string.Concat(Enumerable.Repeat("- ", 20_000))}1 == 1",
            $"network where {string.Concat(Enumerable.Repeat("length(", 20_000))}{Field}{new string(')', 20_000)} > 0",
            $"network where {string.Join(" or ", Enumerable.Repeat($"{Field} == \"a\"", 50_000))}",
            $"network where {string.Join(" + ", Enumerable.Repeat("1", 50_000))} > 0",
            $"network where {Field} in ({string.Join(", ", Enumerable.Repeat("(((\"a\")))", 2))}) and "
                + $"{new string('(', 5_000)}true{new string(')', 5_000)}",
        ];

    [Theory]
    [MemberData(nameof(TooDeep))]
    public async Task TooDeepOrTooLong_IsRefusedWithAPosition(string query)
    {
        // On a 1 MB stack, smaller than the threads that compile and evaluate rules: a recursion left unbounded fails
        // here.
        EqlException refused = await OnSmallStack(() => Assert.Throws<EqlException>(() => Compile(query)));

        Assert.Contains("deep", refused.Reason, StringComparison.Ordinal);
        Assert.True(refused.Position.Column > 1, refused.Message);
    }

    [Fact]
    public async Task RealisticDepthAndLength_StillCompileAndMatch()
    {
        string nested = $"network where {new string('(', 95)}{Field} == \"api.ipify.org\"{new string(')', 95)}";
        string chain =
            $"network where {string.Join(" or ", Enumerable.Repeat($"{Field} == \"x\"", 490))} or {Field} == "
            + $"\"api.ipify.org\"";
        string negated = $"network where {string.Concat(Enumerable.Repeat("not ", 98))}{Field} == \"api.ipify.org\"";

        bool[] matches = await OnSmallStack(() =>
            new[] { nested, chain, negated }.Select(q => Compile(q).Matches(SampleEvent())).ToArray()
        );

        Assert.Equal([true, true, true], matches);
    }

    [Fact]
    public void RegexWhoseAutomatonIsTooLarge_IsRefused()
    {
        // The saved input's pattern: a class, then 16,000 literal characters, matched ignoring case.
        string query = $"network where {Field} regex~ \"[a-z]+8}}{new string('e', 16_000)}.io\"";

        EqlException refused = Assert.Throws<EqlException>(() => Compile(query));

        Assert.Contains("too complex", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cccccccc")] // found 2026-11-29 after 67 million executions: eight hex digits read as a negative int
    [InlineData("80000000")]
    [InlineData("ffffffff")]
    public void UnicodeEscapeWithTheTopBitSet_IsRefused(string hex)
    {
        EqlException refused = Assert.Throws<EqlException>(() => Compile($"network where {Field} == \"\\u{{{hex}}}\""));

        Assert.Contains("Unicode scalar value", refused.Reason, StringComparison.Ordinal);
    }

    private static CompiledQuery<DnsEvent> Compile(string query) =>
        new EqlCompiler<DnsEvent>(DnsEventFieldBinder.Instance).Compile(query);

    private static Task<T> OnSmallStack<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>();
        var thread = new Thread(
            () =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            },
            maxStackSize: 1024 * 1024
        );
        thread.Start();
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static DnsEvent SampleEvent()
    {
        var message = new DnsMessage();
        DnsMessageDecoder.Decode(DnsWire.Query(1, "api.ipify.org"), message);
        return new DnsEvent(message) { QuestionIndex = 0 };
    }
}
