using System.Text.Json;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Json;
using IpLookupSensor.Rules.Tests.Support;

namespace IpLookupSensor.Rules.Tests;

/// <summary>
/// Every case in Cases/*.cases, in Elasticsearch mode and in strict mode, against NAME.events.ndjson beside the
/// case file or else Cases/events.ndjson.
/// </summary>
public sealed class CaseFileTests
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Cases");

    public static TheoryData<CaseFile> Cases =>
        [.. Directory.GetFiles(s_folder, "*.cases").Order(StringComparer.Ordinal).SelectMany(CaseFile.Read)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_MatchesExpectedEvents(CaseFile testCase)
    {
        JsonEvent[] events = Events(testCase.File);
        Assert.Equal(testCase.ElasticsearchIds, Matching(testCase.Query, events, strict: false));
        Assert.Equal(testCase.StrictIds, Matching(testCase.Query, events, strict: true));
    }

    private static JsonEvent[] Events(string caseFile)
    {
        string own = Path.Combine(s_folder, Path.ChangeExtension(caseFile, ".events.ndjson"));
        return
        [
            .. File.ReadAllLines(File.Exists(own) ? own : Path.Combine(s_folder, "events.ndjson"))
                .Where(l => l.Length > 0)
                .Select(l => new JsonEvent(JsonDocument.Parse(l).RootElement)),
        ];
    }

    private static string Matching(string query, JsonEvent[] events, bool strict)
    {
        CompiledQuery<JsonEvent> compiled = new EqlCompiler<JsonEvent>(
            JsonFieldBinder.Instance,
            new EqlOptions { StrictNullLogic = strict }
        ).Compile(query);
        return string.Join(',', events.Where(compiled.Matches).Select(e => e.Root.GetProperty("id").GetInt32()));
    }
}
