using System.Text.Json;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Json;
using IpLookupSensor.Rules.Tests.Support;

namespace IpLookupSensor.Rules.Tests;

/// <summary>Every case in Cases/*.cases against Cases/events.ndjson, in Elasticsearch mode and in strict mode.</summary>
public sealed class CaseFileTests
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Cases");
    private static readonly JsonEvent[] s_events = [.. File.ReadAllLines(Path.Combine(s_folder, "events.ndjson"))
        .Where(l => l.Length > 0).Select(l => new JsonEvent(JsonDocument.Parse(l).RootElement))];

    public static TheoryData<CaseFile> Cases => [.. Directory.GetFiles(s_folder, "*.cases").Order(StringComparer.Ordinal).SelectMany(CaseFile.Read)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_MatchesExpectedEvents(CaseFile testCase)
    {
        Assert.Equal(testCase.ElasticsearchIds, Matching(testCase.Query, strict: false));
        Assert.Equal(testCase.StrictIds, Matching(testCase.Query, strict: true));
    }

    private static string Matching(string query, bool strict)
    {
        CompiledQuery<JsonEvent> compiled = new EqlCompiler<JsonEvent>(JsonFieldBinder.Instance, new EqlOptions { StrictNullLogic = strict }).Compile(query);
        return string.Join(',', s_events.Where(compiled.Matches).Select(e => e.Root.GetProperty("id").GetInt32()));
    }
}
