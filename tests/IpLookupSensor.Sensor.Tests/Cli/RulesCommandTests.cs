using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Cli;

public sealed class RulesCommandTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-rules-").FullName;

    [Fact]
    public void Check_ShippedRules_LoadsEveryOne()
    {
        (int exit, string output, _) = Run("check", Path.Combine(Repository.Root, "rules"));
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.EndsWith("3 loaded, 0 refused", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FolderWithABadRule_ListsItAsRefusedAndExits2()
    {
        File.Copy(
            Path.Combine(Repository.Root, "rules", "gateway", "external_ip_lookup_seen_on_the_network.toml"),
            Path.Combine(_folder, "good.toml")
        );
        File.WriteAllText(Path.Combine(_folder, "bad.toml"), "[rule]\nname = \"x\"\n");
        (int exit, string output, _) = Run("check", _folder);
        Assert.Equal(ExitCodes.BadUsage, exit);
        Assert.Contains(
            $"refused  {Path.Combine(_folder, "bad.toml")}: missing required key rule.rule_id",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains("1 loaded, 1 refused", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SemanticErrors_ArePositionedInTheRuleFile()
    {
        string rule = File.ReadAllText(
                Path.Combine(Repository.Root, "rules", "gateway", "external_ip_lookup_seen_on_the_network.toml")
            )
            .Replace(
                "event.action == \"lookup_requested\"",
                "startwith(event.action, \"lookup\")",
                StringComparison.Ordinal
            )
            .Replace("network.protocol == \"dns\"", "process.code_signature.trusted == true", StringComparison.Ordinal);
        string path = Path.Combine(_folder, "misspelt.toml");
        File.WriteAllText(path, rule);
        int line = Array.FindIndex(rule.Split('\n'), l => l.StartsWith("network where", StringComparison.Ordinal)) + 1;

        (int exit, string output, _) = Run("check", path);

        Assert.Equal(ExitCodes.BadUsage, exit);
        Assert.Contains(
            $"refused  {path}:{line}:15: unknown field 'process.code_signature.trusted': these events never have it",
            output,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Eval_PrintsMatchingLinesUnchangedAndInOrder()
    {
        string events = Path.Combine(_folder, "events.ndjson");
        File.WriteAllLines(
            events,
            [
                "{\"event\":{\"category\":\"process\"},\"n\":1,  \"name\":\"a\"}",
                "{\"n\":2,\"name\":\"b\"}",
                "",
                "{\"event\":{\"category\":[\"process\"]},\"n\":3,\"name\":\"A\"}",
            ]
        );
        (int exit, string output, _) = Run("eval", "--query", "process where name : \"a\"", events);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal(
            [
                "{\"event\":{\"category\":\"process\"},\"n\":1,  \"name\":\"a\"}",
                "{\"event\":{\"category\":[\"process\"]},\"n\":3,\"name\":\"A\"}",
            ],
            output.TrimEnd().Split(Environment.NewLine)
        );
    }

    [Fact]
    public void Eval_CategoryField_ReplacesEventCategory()
    {
        string events = Path.Combine(_folder, "events.ndjson");
        File.WriteAllLines(
            events,
            ["{\"event_type\":\"process\",\"n\":1}", "{\"event\":{\"category\":\"process\"},\"n\":2}"]
        );
        (_, string output, _) = Run("eval", "--query", "process where true", "--category-field", "event_type", events);
        Assert.Equal("{\"event_type\":\"process\",\"n\":1}", output.Trim());
    }

    [Fact]
    public void Eval_JsonArrayWithHeadAndTail_AsElasticsearchsTestData()
    {
        string events = Path.Combine(_folder, "test_data.json");
        File.WriteAllText(
            events,
            "[\n  {\"event_type\": \"process\", \"serial_event_id\": 1},\n  {\"event_type\": \"file\", "
                + "\"serial_event_id\": 2},\n"
                + "  {\n    \"event_type\": \"process\",\n    \"serial_event_id\": 3\n  },\n  {\"event_type\": "
                + "\"process\", \"serial_event_id\": 4}\n]\n"
        );
        (int exit, string output, _) = Run(
            "eval",
            "--query",
            "process where serial_event_id > 0 | head 2 | tail 1",
            "--category-field",
            "event_type",
            events
        );
        Assert.Equal(ExitCodes.Ok, exit);
        // one line, even if the file spread it
        Assert.Equal("{\"event_type\":\"process\",\"serial_event_id\":3}", output.Trim());
    }

    [Fact]
    public void Eval_LineThatIsNotJson_NamesTheLineAndExits2()
    {
        string events = Path.Combine(_folder, "events.ndjson");
        File.WriteAllLines(events, ["{\"a\":1}", "{not json"]);
        (int exit, string output, string error) = Run("eval", "--query", "any where a == 1", events);
        Assert.Equal(ExitCodes.BadUsage, exit);
        Assert.Equal("{\"a\":1}", output.Trim());
        Assert.StartsWith($"iplookup-sensor: {events}:2: not JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_BadQuery_IsAUsageErrorWithPosition()
    {
        UsageException error = Assert.Throws<UsageException>(() => Run("eval", "--query", "any where a ==", "-"));
        Assert.Equal("--query 1:15: the query ends where a value was expected", error.Message);
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = RulesCommand.Execute(args, stdout, stderr, TextReader.Null);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
