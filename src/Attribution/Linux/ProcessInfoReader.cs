using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>Process details from /proc/&lt;pid&gt; (proc_pid_exe(5), proc_pid_cmdline(5), proc_pid_stat(5)) and user names from /etc/passwd.</summary>
public sealed class ProcessInfoReader(IProcFileSystem proc)
{
    // USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture user space sees.
    private const int ClockTicksPerSecond = 100;

    private readonly Lazy<Dictionary<uint, string>> _users = new(() => PasswdParser.Parse(proc.ReadText("/etc/passwd") ?? string.Empty));
    private readonly Lazy<long?> _bootTime = new(() => BootTime(proc.ReadText("/proc/stat")));
    private readonly Lazy<string> _bootId = new(() => proc.ReadText("/proc/sys/kernel/random/boot_id")?.Trim() ?? "unknown-boot");

    /// <summary>The process, or null when it has gone (or its /proc entry cannot be read).</summary>
    /// <param name="socketUid">The socket creator's uid from the socket table: what user.id reports.</param>
    public ProcessIdentityInfo? Read(int pid, uint socketUid) => ReadProcess(pid) is { } process ? WithSocketUser(process, socketUid) : null;

    /// <summary>The process without its user, which comes from the socket (<see cref="WithSocketUser"/>).</summary>
    public ProcessIdentityInfo? ReadProcess(int pid)
    {
        string? statText = proc.ReadText($"/proc/{pid}/stat");
        if (statText is null || !ProcStatParser.TryParse(statText, out ProcStat stat))
        {
            return null;
        }

        string? executable = proc.ReadLink($"/proc/{pid}/exe");
        if (executable?.EndsWith(" (deleted)", StringComparison.Ordinal) == true)
        {
            executable = executable[..^" (deleted)".Length];
        }

        string name = executable is null ? stat.Comm : executable[(executable.LastIndexOf('/') + 1)..];
        string[] args = (proc.ReadText($"/proc/{pid}/cmdline") ?? string.Empty).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        DateTimeOffset? start = _bootTime.Value is long boot
            ? DateTimeOffset.FromUnixTimeMilliseconds((boot * 1000) + ((long)stat.StartTicks * 1000 / ClockTicksPerSecond))
            : null;
        return new ProcessIdentityInfo(pid, name, executable, args, start, EntityId(pid, stat.StartTicks), null, null);
    }

    public ProcessIdentityInfo WithSocketUser(ProcessIdentityInfo process, uint socketUid) =>
        process with { UserId = socketUid.ToString(CultureInfo.InvariantCulture), UserName = _users.Value.GetValueOrDefault(socketUid) };

    // Stable for the life of the process, different after pid reuse or a reboot.
    private string EntityId(int pid, ulong startTicks) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{_bootId.Value}|{pid}|{startTicks}")).AsSpan(0, 16));

    private static long? BootTime(string? stat)
    {
        foreach (string line in (stat ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal) &&
                long.TryParse(line.AsSpan(6).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            {
                return seconds;
            }
        }

        return null;
    }
}
