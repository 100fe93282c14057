using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Detection;

/// <summary>The set-wide gate: only tests every rule makes may rule an event out for all of them.</summary>
public sealed class RuleSetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ruleset-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ShippedRules_ShareTheNameTestAndTheQueryTest()
    {
        var set = new RuleSet(DetectionSetup.LoadRules(Path.Combine(Repository.Root, "rules"), false, _ => { }));

        Assert.Equal(3, set.Rules.Length);
        // network.protocol and the category hold for every DNS event: not tested per event
        Assert.Equal(2, set.SharedTests.Count());
        Assert.Contains("event.action == \"lookup_requested\"", set.SharedTests);
        Assert.Single(
            set.SharedTests,
            test => test.StartsWith("dns.question.name : (\"*api.ipify.org\"", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void ATestOnlySomeRulesMake_IsNotShared_SoTheOtherRulesStillAlert()
    {
        TestRules.ForName(_folder, "a.toml", "api.ipify.org");
        TestRules.Write(_folder, "b.toml", "any response", "network where event.action == \"lookup_result\"");

        var set = new RuleSet(DetectionSetup.LoadRules(_folder, false, _ => { }));
        Assert.Empty(set.SharedTests); // the category test holds for every DNS event: decided when compiled

        string capture = Path.Combine(_folder, "response.pcap");
        File.WriteAllBytes(
            capture,
            CaptureWriter.Pcap(
                (int)IpLookupSensor.Sensor.Packets.LinkType.Raw,
                [Frames.Udp("10.0.0.53", "10.0.0.7", 53, 40000, DnsWire.Response(1, "www.example.com", 1))]
            )
        );
        Replay.Result result = Replay.Run(capture, "--rules", _folder);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("any response", Assert.Single(result.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSetsOfTheSameLoadedRules_KeepThrottleWindowsOfTheirOwn()
    {
        IReadOnlyList<ActiveRule> rules = DetectionSetup.LoadRules(
            Path.Combine(Repository.Root, "rules"),
            false,
            _ => { }
        );
        var first = new RuleSet(rules);
        var second = new RuleSet(rules);
        var closed = new List<ThrottleSummary>();
        const long Timestamp = 1_700_000_000_000_000_000;
        AlertThrottle firstThrottle = first.Throttles[0];

        int maxSignals = first.Rules[0].Rule.MaxSignals;
        for (int i = 0; i < maxSignals; i++)
        {
            Assert.Equal(ThrottleDecision.Alert, firstThrottle.Admit(Timestamp, null, closed));
        }

        Assert.Equal(ThrottleDecision.OverLimit, firstThrottle.Admit(Timestamp, null, closed));
        Assert.Equal(ThrottleDecision.Alert, second.Throttles[0].Admit(Timestamp, null, closed));
    }

    [Fact]
    public void SameFieldDifferentOperator_IsNotShared()
    {
        TestRules.Write(_folder, "a.toml", "exact", "network where dns.question.name == \"API.IPIFY.ORG\"");
        TestRules.Write(_folder, "b.toml", "insensitive", "network where dns.question.name : \"API.IPIFY.ORG\"");

        Assert.Empty(new RuleSet(DetectionSetup.LoadRules(_folder, false, _ => { })).SharedTests);
    }
}
