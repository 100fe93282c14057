using IpLookupSensor.Attribution.Linux;

namespace IpLookupSensor.Attribution.Tests.Support;

/// <summary>A /proc made of recorded text and links, for the resolver's logic.</summary>
internal sealed class InMemoryProcFileSystem : IProcFileSystem
{
    public Dictionary<string, string> Files { get; } = [];

    public Dictionary<string, string> Links { get; } = [];

    public int Reads { get; private set; }

    public string? ReadText(string path)
    {
        Reads++;
        return Files.GetValueOrDefault(path);
    }

    public string? ReadLink(string path) => Links.GetValueOrDefault(path);

    public IEnumerable<string> List(string path)
    {
        string prefix = path.TrimEnd('/') + "/";
        return Files
            .Keys.Concat(Links.Keys)
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => p[prefix.Length..].Split('/')[0])
            .Distinct();
    }

    public int Listings { get; private set; }

    public List<int> ListProcessIds() =>
        Listings++ < 0
            ? []
            :
            [
                .. List("/proc")
                    .Where(name => name.All(char.IsAsciiDigit))
                    .Select(name => int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)),
            ];

    /// <summary>The process exits: its /proc entry goes, with its fds.</summary>
    public void RemoveProcess(int pid)
    {
        string prefix = $"/proc/{pid}/";
        foreach (string path in Files.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            Files.Remove(path);
        }

        foreach (string path in Links.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            Links.Remove(path);
        }
    }

    /// <summary>A process with its stat, exe, cmdline and socket fds.</summary>
    public void AddProcess(int pid, string exe, string comm, ulong startTicks, params ulong[] socketInodes)
    {
        Files[$"/proc/{pid}/stat"] =
            $"{pid} ({comm}) S 1 {pid} {pid} 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 {startTicks} 1000 100 0";
        Links[$"/proc/{pid}/exe"] = exe;
        Files[$"/proc/{pid}/cmdline"] = string.Join('\0', exe, "--flag", "value") + "\0";
        for (int i = 0; i < socketInodes.Length; i++)
        {
            Links[$"/proc/{pid}/fd/{i + 3}"] = $"socket:[{socketInodes[i]}]";
        }
    }
}
