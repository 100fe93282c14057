using System.Globalization;
using System.IO.Enumeration;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>The real /proc: every failure (the process exited, permission denied) reads as "not there".</summary>
public sealed class ProcFileSystem : IProcFileSystem
{
    public static readonly ProcFileSystem Instance = new();

    public string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public IEnumerable<string> List(string path)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).OfType<string>().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public List<int> ListProcessIds()
    {
        // Parses the names in place: no string for each of the hundreds of entries, and none for the non-pid ones.
        var pids = new FileSystemEnumerable<int>(
            "/proc",
            (ref FileSystemEntry entry) => int.Parse(entry.FileName, NumberStyles.None, CultureInfo.InvariantCulture),
            s_topLevel
        )
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                entry.FileName.Length > 0 && !entry.FileName.ContainsAnyExceptInRange('0', '9'),
        };
        try
        {
            return [.. pids];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static readonly EnumerationOptions s_topLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
    };
}
