using BenchmarkDotNet.Attributes;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Rules.Syntax.Ast;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Benchmarks;

/// <summary>The seed rule's 19 name patterns as one matcher, alone: <c>dns.question.name : (…)</c>.</summary>
[MemoryDiagnoser]
public class WildcardMatcherBenchmarks
{
    private CompiledQuery<DnsEvent> _names = null!;
    private DnsEvent _miss = null!;
    private DnsEvent _hitLast = null!;
    private DnsEvent _hitGeneral = null!;

    [GlobalSetup]
    public void Setup()
    {
        string file = Path.Combine(
            SeedRuleBenchmarks.RepositoryRoot(),
            "rules",
            "windows",
            "external_ip_lookup_from_non_browser_process.toml"
        );
        PatternMatch names = Find(RuleLoader.LoadFile(file).Query.Condition);
        _names = new EqlCompiler<DnsEvent>(DnsEventFieldBinder.Instance).Compile(new EqlQuery(null, names));
        _miss = SampleEvents.Query("safebrowsing.googleapis.com", "x", "u");
        _hitLast = SampleEvents.Query("api.ipstack.com", "x", "u");
        _hitGeneral = SampleEvents.Query("ifconfig.me", "x", "u");
    }

    [Benchmark(Baseline = true)]
    public bool Miss() => _names.Matches(_miss);

    [Benchmark]
    public bool HitOnLastSuffix() => _names.Matches(_hitLast);

    [Benchmark]
    public bool HitOnGeneralPattern() => _names.Matches(_hitGeneral);

    private static PatternMatch Find(Expression e) =>
        e switch
        {
            PatternMatch p when p.Value is FieldReference { Path: "dns.question.name" } => p,
            Logical l => TryFind(l.Left) ?? Find(l.Right),
            _ => throw new InvalidOperationException("no dns.question.name pattern list"),
        };

    private static PatternMatch? TryFind(Expression e)
    {
        try
        {
            return Find(e);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
