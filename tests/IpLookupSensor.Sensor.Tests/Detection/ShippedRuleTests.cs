using System.Text.Json;
using System.Text.Json.Nodes;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Json;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Rules.Syntax.Ast;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Detection;

/// <summary>
/// Each shipped rule fires for every name pattern it lists and stays silent for every exclusion, evaluated on ECS
/// documents as an endpoint would send them (the sensor's own events lack process fields until attribution).
/// </summary>
public sealed class ShippedRuleTests
{
    private static readonly string s_rules = Path.Combine(Repository.Root, "rules");
    private static readonly DetectionRule s_windows = RuleLoader.LoadFile(
        Path.Combine(s_rules, "windows", "external_ip_lookup_from_non_browser_process.toml")
    );
    private static readonly DetectionRule s_linux = RuleLoader.LoadFile(
        Path.Combine(s_rules, "linux", "external_ip_lookup_from_non_browser_process_linux.toml")
    );
    private static readonly DetectionRule s_gateway = RuleLoader.LoadFile(
        Path.Combine(s_rules, "gateway", "external_ip_lookup_seen_on_the_network.toml")
    );

    public static TheoryData<string> RuleFiles =>
        [.. RuleLoader.RuleFiles(s_rules).Select(f => Path.GetRelativePath(s_rules, f))];

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void ShippedRule_CompilesAgainstTheSensorsEvents(string file)
    {
        var catalog = RuleCatalog.Load(Path.Combine(s_rules, file), new EqlOptions());
        Assert.Empty(catalog.Refused);
        ActiveRule rule = Assert.Single(catalog.Rules);
        Assert.Contains(rule.PacketConjuncts, c => c.Fields.Contains("dns.question.name"));
        Assert.DoesNotContain(rule.PacketConjuncts, c => c.Fields.Any(DnsEventFieldBinder.NeedsAttribution));
    }

    // The query as Elastic publishes it for rule version 10 (docs/seed-rule.md in the shared material), pinned here
    // so that an edit to the shipped file cannot go unnoticed.
    private const string PublishedSeedQuery = """"
        network where network.protocol == "dns" and process.name != null and user.id not in ("S-1-5-19", "S-1-5-20") and event.action == "lookup_requested" and /* Add new external IP lookup services here */ dns.question.name : ( "*api.ipify.org", "*freegeoip.app", "*checkip.amazonaws.com", "*checkip.dyndns.org", "*freegeoip.app", "*icanhazip.com", "*ifconfig.*", "*ipecho.net", "*ipgeoapi.com", "*ipinfo.io", "*ip.anysrc.net", "*myexternalip.com", "*myipaddress.com", "*showipaddress.com", "*whatismyipaddress.com", "*wtfismyip.com", "*ipapi.co", "*ip-lookup.net", "*ipstack.com" ) and /* Insert noisy false positives here */ not process.executable : ( "?:\\Program Files\\*.exe", "?:\\Program Files (x86)\\*.exe", "?:\\Windows\\System32\\WWAHost.exe", "?:\\Windows\\System32\\smartscreen.exe", "?:\\Windows\\System32\\MicrosoftEdgeCP.exe", "?:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\*\\MsMpEng.exe", "?:\\Users\\*\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe", "?:\\Users\\*\\AppData\\Local\\Programs\\Fiddler\\Fiddler.exe", "?:\\Users\\*\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe", "?:\\Users\\*\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" )
        """";

    [Fact]
    public void SeedRule_IsElasticsRuleVersion10Verbatim()
    {
        Assert.Equal(PublishedSeedQuery, s_windows.QueryText.Trim());
        Assert.Equal("1d72d014-e2ab-4707-b056-9b96abe7b511", s_windows.RuleId);
        Assert.Equal(
            ("low", 21, 10, 100),
            (s_windows.Severity, s_windows.RiskScore, s_windows.Version, s_windows.MaxSignals)
        );
        Assert.Equal((TimeSpan.FromMinutes(5), "now-9m"), (s_windows.Interval, s_windows.From));
        ThreatMapping threat = Assert.Single(s_windows.Threats);
        Assert.Equal("TA0007", threat.Tactic.Id);
        Assert.Equal(["T1614", "T1016"], threat.Techniques.Select(t => t.Id));
        Assert.Equal("T1016.001", Assert.Single(threat.Techniques[1].Subtechniques).Id);
        Assert.StartsWith("## Triage and analysis", s_windows.Note, StringComparison.Ordinal);
    }

    public static TheoryData<string> NamePatterns => [.. Patterns(s_windows, "dns.question.name").Distinct()];

    [Theory]
    [MemberData(nameof(NamePatterns))]
    public void EveryRule_FiresForEveryListedName(string pattern)
    {
        string name = Concrete(pattern, "c");
        Assert.True(Matches(s_windows, WindowsLookup(name)), $"windows: {name}");
        Assert.True(Matches(s_linux, LinuxLookup(name)), $"linux: {name}");
        Assert.True(Matches(s_gateway, Lookup(name)), $"gateway: {name}");
        Assert.True(Matches(s_windows, WindowsLookup("sub." + name.ToUpperInvariant())), "a subdomain, in upper case");
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("ipify.org.evil.example")]
    [InlineData("api.ipify.org.")]
    public void EveryRule_IsSilentForOtherNames(string name)
    {
        Assert.False(Matches(s_windows, WindowsLookup(name)));
        Assert.False(Matches(s_linux, LinuxLookup(name)));
        Assert.False(Matches(s_gateway, Lookup(name)));
    }

    public static TheoryData<string> WindowsExclusions => [.. Patterns(s_windows, "process.executable")];

    [Theory]
    [MemberData(nameof(WindowsExclusions))]
    public void WindowsRule_IsSilentForEveryExcludedExecutable(string pattern)
    {
        JsonObject e = WindowsLookup("api.ipify.org");
        e["process"]!["executable"] = Concrete(pattern, "C");
        Assert.False(Matches(s_windows, e), Concrete(pattern, "C"));
    }

    public static TheoryData<string> LinuxExclusions => [.. Patterns(s_linux, "process.executable")];

    [Theory]
    [MemberData(nameof(LinuxExclusions))]
    public void LinuxRule_IsSilentForEveryExcludedExecutable(string pattern)
    {
        JsonObject e = LinuxLookup("api.ipify.org");
        e["process"]!["executable"] = Concrete(pattern, "x");
        Assert.False(Matches(s_linux, e), Concrete(pattern, "x"));
    }

    [Theory]
    [InlineData("S-1-5-19")]
    [InlineData("S-1-5-20")]
    public void WindowsRule_IsSilentForLocalAndNetworkService(string sid)
    {
        JsonObject e = WindowsLookup("api.ipify.org");
        e["user"]!["id"] = sid;
        Assert.False(Matches(s_windows, e));
    }

    public static TheoryData<string> LinuxServiceAccounts => [.. InList(s_linux, "user.name")];

    [Theory]
    [MemberData(nameof(LinuxServiceAccounts))]
    public void LinuxRule_IsSilentForSystemServiceAccounts(string account)
    {
        JsonObject e = LinuxLookup("api.ipify.org");
        e["user"]!["name"] = account;
        Assert.False(Matches(s_linux, e));
    }

    [Fact]
    public void ProcessRules_NeedAProcessAndLookupRequested_GatewayDoesNot()
    {
        JsonObject noProcess = Lookup("api.ipify.org");
        Assert.False(Matches(s_windows, noProcess));
        Assert.False(Matches(s_linux, noProcess));
        Assert.True(Matches(s_gateway, noProcess));

        JsonObject response = WindowsLookup("api.ipify.org");
        response["event"]!["action"] = "lookup_result";
        Assert.False(Matches(s_windows, response));
        Assert.False(Matches(s_gateway, response));
    }

    [Fact]
    public void WindowsRule_WithoutUserId_StillFires_AsInElasticsearch()
    {
        JsonObject e = WindowsLookup("api.ipify.org");
        ((JsonObject)e["user"]!).Remove("id");
        Assert.True(Matches(s_windows, e));
        Assert.False(Matches(s_windows, e, strict: true));
    }

    private static JsonObject Lookup(string name) =>
        new()
        {
            ["event"] = new JsonObject { ["category"] = new JsonArray("network"), ["action"] = "lookup_requested" },
            ["network"] = new JsonObject { ["protocol"] = "dns" },
            ["dns"] = new JsonObject { ["question"] = new JsonObject { ["name"] = name } },
        };

    private static JsonObject WindowsLookup(string name)
    {
        JsonObject e = Lookup(name);
        e["process"] = new JsonObject
        {
            ["name"] = "evil.exe",
            ["executable"] = "C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe",
        };
        e["user"] = new JsonObject { ["id"] = "S-1-5-21-1004336348-1177238915-682003330-1001" };
        return e;
    }

    private static JsonObject LinuxLookup(string name)
    {
        JsonObject e = Lookup(name);
        e["process"] = new JsonObject { ["name"] = "curl", ["executable"] = "/usr/bin/curl" };
        e["user"] = new JsonObject { ["id"] = "1000", ["name"] = "bob" };
        return e;
    }

    private static bool Matches(DetectionRule rule, JsonObject e, bool strict = false) =>
        new EqlCompiler<JsonEvent>(JsonFieldBinder.Instance, new EqlOptions { StrictNullLogic = strict })
            .Compile(rule.Query)
            .Matches(new JsonEvent(JsonDocument.Parse(e.ToJsonString()).RootElement));

    /// <summary>A value the pattern matches: each * becomes "x" and each ? the given character.</summary>
    private static string Concrete(string pattern, string questionMark) =>
        pattern.Replace("*", "x", StringComparison.Ordinal).Replace("?", questionMark, StringComparison.Ordinal);

    private static IEnumerable<string> Patterns(DetectionRule rule, string field) =>
        Nodes(rule.Query.Condition)
            .OfType<PatternMatch>()
            .Where(p => p.Value is FieldReference f && f.Path == field)
            .SelectMany(p => p.Patterns.Select(l => l.Value.String));

    private static IEnumerable<string> InList(DetectionRule rule, string field) =>
        Nodes(rule.Query.Condition)
            .OfType<InList>()
            .Where(p => p.Value is FieldReference f && f.Path == field)
            .SelectMany(p => p.Items.OfType<Literal>().Select(l => l.Value.String));

    private static IEnumerable<Expression> Nodes(Expression e) =>
        e switch
        {
            Logical l => [l, .. Nodes(l.Left), .. Nodes(l.Right)],
            Not n => [n, .. Nodes(n.Operand)],
            _ => [e],
        };
}
