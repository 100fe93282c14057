using BenchmarkDotNet.Attributes;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// The seed rule's compiled predicate on the sensor's event. Targets: &lt;50 ns miss, &lt;250 ns match, 0 B.
/// </summary>
[MemoryDiagnoser]
public class SeedRuleBenchmarks
{
    private CompiledQuery<DnsEvent> _seed = null!;
    private DnsEvent _miss = null!;
    private DnsEvent _match = null!;
    private DnsEvent _excluded = null!;

    [GlobalSetup]
    public void Setup()
    {
        string file = Path.Combine(
            RepositoryRoot(),
            "rules",
            "windows",
            "external_ip_lookup_from_non_browser_process.toml"
        );
        _seed = new EqlCompiler<DnsEvent>(DnsEventFieldBinder.Instance).Compile(RuleLoader.LoadFile(file).Query);
        string user = "S-1-5-21-1004336348-1177238915-682003330-1001";
        _miss = SampleEvents.Query("www.example.com", "C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe", user);
        _match = SampleEvents.Query("api.ipify.org", "C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe", user);
        _excluded = SampleEvents.Query("api.ipify.org", "C:\\Program Files\\Mozilla Firefox\\firefox.exe", user);
        if (_seed.Matches(_miss) || !_seed.Matches(_match) || _seed.Matches(_excluded))
        {
            throw new InvalidOperationException("the sample events do not behave as the benchmark assumes");
        }
    }

    [Benchmark(Baseline = true)]
    public bool NonMatchingName() => _seed.Matches(_miss);

    [Benchmark]
    public bool MatchingEvent() => _seed.Matches(_match);

    [Benchmark]
    public bool MatchingNameExcludedExecutable() => _seed.Matches(_excluded);

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpLookupSensor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }
}
