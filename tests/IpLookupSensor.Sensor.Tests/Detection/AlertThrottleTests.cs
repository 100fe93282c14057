using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Sensor.Detection;

namespace IpLookupSensor.Sensor.Tests.Detection;

public sealed class AlertThrottleTests
{
    private const long Second = 1_000_000_000;
    private const long Start = 1_767_225_600 * Second; // a 5-minute boundary

    [Fact]
    public void Admit_OverMaxSignals_HoldsBackAndSummarisesWhenTheWindowCloses()
    {
        var throttle = new AlertThrottle(Rule(maxSignals: 2));
        var closed = new List<ThrottleSummary>();
        ThrottleDecision[] decisions =
        [
            .. Enumerable.Range(0, 5).Select(i => throttle.Admit(Start + (i * Second), null, closed)),
        ];

        Assert.Equal(
            [
                ThrottleDecision.Alert,
                ThrottleDecision.Alert,
                ThrottleDecision.OverLimit,
                ThrottleDecision.OverLimit,
                ThrottleDecision.OverLimit,
            ],
            decisions
        );
        Assert.Empty(closed);

        Assert.Equal(ThrottleDecision.Alert, throttle.Admit(Start + (300 * Second), null, closed)); // the next interval
        ThrottleSummary summary = Assert.Single(closed);
        Assert.Equal(
            (3L, Start, Start + (300 * Second), (string?)null),
            (summary.HeldBack, summary.WindowStart, summary.WindowEnd, summary.Group)
        );
    }

    [Fact]
    public void Admit_SameSuppressionGroup_FoldsIntoTheFirstAlertForTheDuration()
    {
        var throttle = new AlertThrottle(
            Rule(maxSignals: 100, suppression: new AlertSuppression(["dns.question.name"], TimeSpan.FromMinutes(1)))
        );
        var closed = new List<ThrottleSummary>();
        Assert.Equal(ThrottleDecision.Alert, throttle.Admit(Start, "api.ipify.org", closed));
        Assert.Equal(ThrottleDecision.Suppressed, throttle.Admit(Start + Second, "api.ipify.org", closed));
        Assert.Equal(ThrottleDecision.Alert, throttle.Admit(Start + (2 * Second), "ifconfig.me", closed));
        Assert.Equal(ThrottleDecision.Suppressed, throttle.Admit(Start + (59 * Second), "api.ipify.org", closed));
        Assert.Empty(closed);

        // the duration has passed
        Assert.Equal(ThrottleDecision.Alert, throttle.Admit(Start + (61 * Second), "api.ipify.org", closed));
        ThrottleSummary summary = Assert.Single(closed);
        Assert.Equal((2L, "api.ipify.org"), (summary.HeldBack, summary.Group));

        throttle.Flush(closed);
        Assert.Single(closed); // nothing else was held back
    }

    [Fact]
    public void Admit_AStormOfUniqueGroups_KeepsAtMostMaxGroups()
    {
        var throttle = new AlertThrottle(
            Rule(maxSignals: 1_000_000, suppression: new AlertSuppression(["dns.question.name"], TimeSpan.FromHours(1)))
        );
        var closed = new List<ThrottleSummary>();
        for (int i = 0; i < 3 * AlertThrottle.MaxGroups; i++)
        {
            throttle.Admit(Start + i, $"name{i}.example", closed);
            throttle.Admit(Start + i, $"name{i}.example", closed);
        }

        throttle.Flush(closed);
        Assert.Equal(3 * AlertThrottle.MaxGroups, closed.Sum(s => s.HeldBack)); // every fold is reported, none lost
    }

    private static DetectionRule Rule(int maxSignals, AlertSuppression? suppression = null) =>
        new()
        {
            RuleId = "test",
            Name = "test",
            Description = "test",
            Query = Rules.Syntax.Parser.ParseQuery("any where true"),
            QueryText = "any where true",
            Severity = "low",
            RiskScore = 21,
            MaxSignals = maxSignals,
            AlertSuppression = suppression,
            SourceFile = "test.toml",
        };
}
