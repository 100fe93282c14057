using IpLookupSensor.Rules;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Robustness;

/// <summary>
/// A bounded, deterministic mutation pass over every shipped rule file (issue 8's CI pass for rule TOML and EQL
/// text): whatever the mutant, loading refuses it with a reason or compiles it, and a compiled mutant matches an
/// event without throwing. Anything else, or a mutant that takes more than a second, is a bug.
/// </summary>
public sealed class RuleMutationTests
{
    private const int MutantsPerFile = 3000;

    private static readonly string[] s_snippets =
    [
        "\"",
        "'''",
        "\"\"\"",
        "[",
        "]]",
        "\\",
        "\0",
        "(",
        ")",
        "*",
        "?",
        ":",
        "~",
        " or ",
        " and not ",
        "\n",
        "==",
        "null",
        "in~ (",
        "regex~ \"(a+)+$\"",
        "\uFFFF",
        "🙂",
    ];

    public static TheoryData<string> RuleFiles() =>
        [
            .. Directory
                .EnumerateFiles(Path.Combine(Repository.Root, "rules"), "*.toml", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Repository.Root, f)),
        ];

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public async Task Mutants_AreRefusedOrCompiled_NeverThrowOrHang(string relativePath)
    {
        string original = File.ReadAllText(Path.Combine(Repository.Root, relativePath));
        var random = new Random(relativePath.Length * 7919); // the same mutants on every run
        DnsEvent sample = SampleEvent();
        var compiler = new EqlCompiler<DnsEvent>(DnsEventFieldBinder.Instance);
        int refused = 0,
            compiled = 0;

        await Task.Run(() =>
            {
                for (int i = 0; i < MutantsPerFile; i++)
                {
                    string mutant = Mutate(original, random);
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    try
                    {
                        DetectionRule rule = RuleLoader.Load(mutant, "mutant.toml");
                        compiler.Compile(rule.Query).Matches(sample);
                        compiled++;
                    }
                    catch (Exception e) when (e is RuleFileException or EqlException)
                    {
                        refused++;
                    }
                    catch (Exception e)
                    {
                        Assert.Fail(
                            $"mutant {i} threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}\n--- mutant "
                                + $"---\n{mutant}"
                        );
                    }

                    Assert.True(
                        clock.Elapsed < TimeSpan.FromSeconds(1),
                        $"mutant {i} took {clock.Elapsed}\n--- mutant ---\n{mutant}"
                    );
                }
            })
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(MutantsPerFile, refused + compiled);
        Assert.True(
            refused > 0 && compiled > 0,
            $"refused {refused}, compiled {compiled}: the mutations should do both"
        );
    }

    private static string Mutate(string text, Random random)
    {
        int at = random.Next(text.Length);
        int length = Math.Min(random.Next(1, 12), text.Length - at);
        return random.Next(5) switch
        {
            0 => text.Remove(at, 1).Insert(at, ((char)random.Next(0x20, 0x7F)).ToString()),
            1 => text.Remove(at, length),
            2 => text.Insert(at, text.Substring(at, length)),
            3 => text.Insert(at, s_snippets[random.Next(s_snippets.Length)]),
            _ => text[..at],
        };
    }

    private static DnsEvent SampleEvent()
    {
        var message = new DnsMessage();
        DnsMessageDecoder.Decode(DnsWire.Query(1, "api.ipify.org"), message);
        var e = new DnsEvent(message) { QuestionIndex = 0 };
        e.Process = new ProcessIdentity(4242, "curl", "/usr/bin/curl", "0", "root");
        return e;
    }
}
