using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Source;

/// <summary>The layout rules of .editorconfig, checked: CSharpier's, and the 120 columns it cannot reach.</summary>
public sealed class SourceFormatTests
{
    private const int MaxLineLength = 120;

    private static readonly string[] s_sourceFolders = ["src", "tests", "bench", "fuzz"];

    [Fact]
    public void CSharpier_HasNothingToChange()
    {
        // The tool comes from .config/dotnet-tools.json (scripts/test.sh restores it).
        ExternalTool.Output check = ExternalTool.Run("dotnet", ["csharpier", "check", Repository.Root]);

        Assert.True(check.ExitCode == 0, $"run `dotnet csharpier format .`:\n{check.Stdout}{check.Stderr}");
    }

    [Fact]
    public void EveryLine_FitsIn120Columns()
    {
        // CSharpier wraps code but leaves comments and string literals whole. Raw string literals hold data (scripts,
        // /proc tables, a rule's query as Elastic wrote it), kept as it is.
        List<string> tooLong = [];
        foreach (string file in SourceFiles())
        {
            string[] lines = File.ReadAllLines(file);
            bool inRawString = false;
            for (int i = 0; i < lines.Length; i++)
            {
                bool opensOrCloses = RawQuotes(lines[i]) % 2 == 1;
                if (!inRawString && !opensOrCloses && lines[i].Length > MaxLineLength)
                {
                    tooLong.Add($"{Path.GetRelativePath(Repository.Root, file)}:{i + 1}: {lines[i].Length} columns");
                }

                inRawString ^= opensOrCloses;
            }
        }

        Assert.True(tooLong.Count == 0, string.Join('\n', tooLong));
    }

    private static IEnumerable<string> SourceFiles() =>
        s_sourceFolders
            .SelectMany(folder =>
                Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories)
            )
            .Where(file => !file.Contains("/obj/", StringComparison.Ordinal))
            .Where(file => !file.Contains("/bin/", StringComparison.Ordinal));

    private static int RawQuotes(string line) => line.Split("\"\"\"").Length - 1;
}
