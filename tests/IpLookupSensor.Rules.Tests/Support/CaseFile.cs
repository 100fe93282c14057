namespace IpLookupSensor.Rules.Tests.Support;

/// <summary>
/// A line of a .cases file: <c>condition ⇶ ids [⇶ strict ids]</c>, or <c>@query full query ⇶ …</c>. Lines starting
/// with # are comments; a line ending inside a list continues on the next one.
/// </summary>
public sealed record CaseFile(string File, int Line, string Query, string ElasticsearchIds, string StrictIds)
{
    public const string Separator = "⇶";

    public override string ToString() => $"{File}:{Line}: {Query}";

    public static IEnumerable<CaseFile> Read(string path)
    {
        string pending = string.Empty;
        int startLine = 0;
        string[] lines = System.IO.File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (pending.Length == 0)
            {
                startLine = i + 1;
            }

            pending += (pending.Length > 0 ? "\n" : string.Empty) + line;
            if (!line.Contains(Separator, StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = pending.Split(Separator);
            string query = parts[0].Trim();
            query = query.StartsWith("@query ", StringComparison.Ordinal)
                ? query["@query ".Length..]
                : "any where " + query;
            string es = parts[1].Trim();
            yield return new CaseFile(
                Path.GetFileName(path),
                startLine,
                query,
                es,
                parts.Length > 2 ? parts[2].Trim() : es
            );
            pending = string.Empty;
        }
    }
}
