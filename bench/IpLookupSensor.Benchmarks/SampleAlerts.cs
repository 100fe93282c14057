using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Sensor.Alerting;

namespace IpLookupSensor.Benchmarks;

/// <summary>A real alert: the seed rule matched on a query from a process in a temp folder.</summary>
internal static class SampleAlerts
{
    public static Alert SeedRuleAlert()
    {
        string file = Path.Combine(
            SeedRuleBenchmarks.RepositoryRoot(),
            "rules",
            "windows",
            "external_ip_lookup_from_non_browser_process.toml"
        );
        DetectionRule rule = RuleLoader.LoadFile(file);
        var e = SampleEvents.Query(
            "api.ipify.org",
            "C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe",
            "S-1-5-21-1004336348-1177238915-682003330-1001"
        );
        return new AlertFactory("sensor01", TimeProvider.System).FromMatch(e, rule);
    }
}
