using IpLookupSensor.Rules.Loading;

namespace IpLookupSensor.Rules.Tests.Loading;

public sealed class RuleLoaderTests
{
    private const string Required = """
        [rule]
        author = ["Test"]
        description = "d"
        name = "n"
        risk_score = 47
        rule_id = "id-1"
        severity = "medium"
        type = "eql"

        """;

    [Fact]
    public void Load_FullRule_ReadsEveryKey()
    {
        DetectionRule rule = RuleLoader.Load(
            Required
                + """
                interval = "1m"
                from = "now-2m"
                max_signals = 7
                version = 3
                license = "MIT"
                references = ["https://example.com"]
                tags = ["a"]
                note = "n"
                false_positives = ["fp"]
                event_category_override = "event.type"
                unknown_key = "ignored"
                query = '''
                network where a : "x"
                '''

                [rule.alert_suppression]
                group_by = ["host.name"]
                duration = { value = 10, unit = "m" }

                [[rule.threat]]
                framework = "MITRE ATT&CK"
                [rule.threat.tactic]
                id = "TA0007"
                name = "Discovery"
                """,
            "r.toml"
        );

        Assert.Equal(
            (TimeSpan.FromMinutes(1), "now-2m", 7, 3),
            (rule.Interval, rule.From, rule.MaxSignals, rule.Version)
        );
        Assert.Equal("event.type", rule.EventCategoryOverride);
        Assert.Equal(["host.name"], rule.AlertSuppression!.GroupBy);
        Assert.Equal(TimeSpan.FromMinutes(10), rule.AlertSuppression.Duration);
        Assert.Equal("TA0007", Assert.Single(rule.Threats).Tactic.Id);
        Assert.Equal("network where a : \"x\"", rule.Query.ToString());
    }

    [Fact]
    public void Load_BasicStringQuery_IsUnescapedByTomlFirst()
    {
        // TOML turns \\\\ into \\ and EQL then \\ into \: the pattern is C:\x
        DetectionRule rule = RuleLoader.Load(
            Required + "query = \"process where a : \\\"C:\\\\\\\\x\\\"\"\n",
            "r.toml"
        );
        Assert.Equal("process where a : \"C:\\\\x\"", rule.Query.ToString());
    }

    [Theory]
    [InlineData(
        "[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\nname = \"Discovery\"\n",
        "rule.threat.tactic needs an id and a name"
    )]
    [InlineData(
        "[[rule.threat]]\n[rule.threat.tactic]\nid = \"TA0007\"\nname = \"Discovery\"\n[[rule.threat.technique]]\nid "
            + "= \"T1016\"\n",
        "rule.threat.technique needs an id and a name"
    )]
    public void Load_ThreatWithoutIdOrName_IsRefused(string threat, string reason)
    {
        // Found by the mutation pass (Sensor.Tests RuleMutationTests): a missing key threw KeyNotFoundException.
        RuleFileException error = Assert.Throws<RuleFileException>(() =>
            RuleLoader.Load(Required + "query = 'any where true'\n" + threat, "r.toml")
        );
        Assert.Equal(reason, error.Refusal.Reason);
    }

    [Theory]
    [InlineData("reference = \"\\")]
    [InlineData("name = \"ab\\")]
    public void Load_FileEndingInsideAnEscape_IsRefusedNotThrown(string tail)
    {
        // Found by fuzzing (fuzz/README.md, rule target): Tomlyn threw ArgumentOutOfRangeException from its lexer.
        RuleFileException error = Assert.Throws<RuleFileException>(() =>
            RuleLoader.Load(Required + "query = 'any where true'\n" + tail, "r.toml")
        );
        Assert.StartsWith("not valid TOML", error.Refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("interval = \"500000000000m\"\n", "rule.interval")]
    [InlineData("interval = \"366d\"\n", "rule.interval")]
    [InlineData(
        "[rule.alert_suppression]\ngroup_by = [\"host.name\"]\nduration = { value = 8785, unit = \"h\" }\n",
        "rule.alert_suppression.duration"
    )]
    public void Load_DurationOverAYear_IsRefused(string tail, string key)
    {
        // Found by fuzzing (fuzz/regressions/rule): TimeSpan overflowed; one of over 292 years would have wrapped the
        // alert throttle's window in nanoseconds.
        RuleFileException error = Assert.Throws<RuleFileException>(() =>
            RuleLoader.Load(Required + "query = 'any where true'\n" + tail, "r.toml")
        );
        Assert.Equal(
            $"{key} is not a duration like \"5m\", \"30s\" or \"1h\", of at most 365 days",
            error.Refusal.Reason
        );
    }

    [Fact]
    public void Load_DurationOfAYear_IsAccepted()
    {
        DetectionRule rule = RuleLoader.Load(Required + "interval = \"365d\"\nquery = 'any where true'\n", "r.toml");
        Assert.Equal(TimeSpan.FromDays(365), rule.Interval);
    }

    [Theory]
    [InlineData("9m")] // a duration, not a time
    [InlineData("now")]
    [InlineData("now+9m")]
    [InlineData("now-9x")]
    [InlineData("now-366d")]
    [InlineData("2026-11-30")]
    public void Load_FromThatIsNotATimeBeforeNow_IsRefused(string from)
    {
        RuleFileException error = Assert.Throws<RuleFileException>(() =>
            RuleLoader.Load(Required + $"from = \"{from}\"\nquery = 'any where true'\n", "r.toml")
        );
        Assert.Equal(
            "rule.from is not a time before now like \"now-9m\" or \"now-2h\", of at most 365 days",
            error.Refusal.Reason
        );
    }

    [Fact]
    public void Load_IntervalWrittenLikeFrom_IsRefused()
    {
        RuleFileException error = Assert.Throws<RuleFileException>(() =>
            RuleLoader.Load(Required + "interval = \"now-5m\"\nquery = 'any where true'\n", "r.toml")
        );
        Assert.StartsWith("rule.interval is not a duration", error.Refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type = \"eql\"", "type = \"query\"", "rule type 'query' is not supported; only eql rules run here")]
    [InlineData("rule_id = \"id-1\"\n", "", "missing required key rule.rule_id")]
    [InlineData(
        "severity = \"medium\"",
        "severity = \"urgent\"",
        "rule.severity 'urgent' is not one of low, medium, high, critical"
    )]
    [InlineData("risk_score = 47", "risk_score = 470", "rule.risk_score must be a whole number from 0 to 100")]
    public void Load_BadRule_IsRefusedWithItsReason(string replace, string with, string reason)
    {
        string toml = Required.Replace(replace, with, StringComparison.Ordinal) + "query = 'any where true'\n";
        RuleFileException error = Assert.Throws<RuleFileException>(() => RuleLoader.Load(toml, "r.toml"));
        Assert.Equal(reason, error.Refusal.Reason);
    }

    [Fact]
    public void Load_QueryError_IsPositionedInTheFile()
    {
        string toml = Required + "query = '''\nnetwork where\n  a = \"b\"\n'''\n";
        RuleFileException error = Assert.Throws<RuleFileException>(() => RuleLoader.Load(toml, "r.toml"));
        Assert.Equal(
            "r.toml:11:5: '=' is not an operator; use == (case-sensitive) or : (case-insensitive)",
            error.Refusal.ToString()
        );
    }

    [Fact]
    public void Load_InvalidToml_SaysWhereAndWhy()
    {
        RuleFileException error = Assert.Throws<RuleFileException>(() =>
            RuleLoader.Load("[rule]\nname = \n", "r.toml")
        );
        Assert.Equal((2, 8), (error.Refusal.Line, error.Refusal.Column));
        Assert.StartsWith("not valid TOML: ", error.Refusal.Reason, StringComparison.Ordinal);
    }
}
