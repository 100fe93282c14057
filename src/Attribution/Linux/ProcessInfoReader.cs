using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IpLookupSensor.Attribution.Linux.Ebpf;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// Process details from /proc/&lt;pid&gt; (proc_pid_exe(5), proc_pid_cmdline(5), proc_pid_stat(5)) and user names from
/// /etc/passwd.
/// </summary>
public sealed class ProcessInfoReader(IProcFileSystem proc)
{
    // USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture user space sees.
    private const int ClockTicksPerSecond = 100;

    private readonly Lazy<Dictionary<uint, string>> _users = new(() =>
        PasswdParser.Parse(proc.ReadText("/etc/passwd") ?? string.Empty)
    );
    private readonly Lazy<long?> _bootTime = new(() => BootTime(proc.ReadText("/proc/stat")));
    private readonly Lazy<string> _bootId = new(() =>
        proc.ReadText("/proc/sys/kernel/random/boot_id")?.Trim() ?? "unknown-boot"
    );

    /// <summary>The process, or null when it has gone (or its /proc entry cannot be read).</summary>
    /// <param name="socketUid">The socket creator's uid from the socket table: what user.id reports.</param>
    public ProcessIdentityInfo? Read(int pid, uint socketUid) =>
        ReadProcess(pid) is { } process ? WithSocketUser(process, socketUid) : null;

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
        string[] args = (proc.ReadText($"/proc/{pid}/cmdline") ?? string.Empty).Split(
            '\0',
            StringSplitOptions.RemoveEmptyEntries
        );
        return new ProcessIdentityInfo(
            pid,
            name,
            executable,
            args,
            Start(stat.StartTicks),
            EntityId(pid, stat.StartTicks),
            null,
            null
        );
    }

    /// <summary>
    /// The process the kernel saw send (<see cref="SentBy"/>): read from /proc while it is still that process running
    /// that program, else <paramref name="lastKnown"/> when that was it, else what the kernel recorded, with the path
    /// and arguments of its exec (<paramref name="executed"/>; the path with symbolic links followed as
    /// /proc/PID/exe follows them, and only when it names the sending program). The user is the sender's.
    /// </summary>
    public ProcessIdentityInfo Describe(SentBy sender, ProcessIdentityInfo? lastKnown, Executed? executed = null)
    {
        string entityId = EntityId(sender.Pid, sender.StartTicks);
        bool Same(ProcessIdentityInfo? process) =>
            process is not null && process.EntityId == entityId && process.Name == sender.Name;
        ProcessIdentityInfo? alive = ReadProcess(sender.Pid);
        ProcessIdentityInfo process =
            Same(alive) ? alive!
            : Same(lastKnown) ? lastKnown!
            : new ProcessIdentityInfo(
                sender.Pid,
                sender.Name,
                null,
                [],
                Start(sender.StartTicks),
                entityId,
                null,
                null
            );

        // Also for one caught exiting, whose exe link or command line is already gone.
        if (
            (process.Executable is null || process.Args.Count == 0)
            && ExecutableOf(executed?.Path, sender.Name) is { } path
        )
        {
            process = process with
            {
                Executable = process.Executable ?? path,
                Args = process.Args.Count == 0 ? executed!.Args : process.Args,
            };
        }

        return WithSocketUser(process, sender.Uid);
    }

    public ProcessIdentityInfo WithSocketUser(ProcessIdentityInfo process, uint socketUid) =>
        process with
        {
            UserId = socketUid.ToString(CultureInfo.InvariantCulture),
            UserName = _users.Value.GetValueOrDefault(socketUid),
        };

    private string? ExecutableOf(string? executed, string name)
    {
        for (int hops = 0; executed is not null && hops < 8 && proc.ReadLink(executed) is { } target; hops++)
        {
            executed = Path.GetFullPath(target, Path.GetDirectoryName(executed)!);
        }

        return executed is not null && Path.GetFileName(executed) == name ? executed : null;
    }

    private DateTimeOffset? Start(ulong startTicks) =>
        _bootTime.Value is long boot
            ? DateTimeOffset.FromUnixTimeMilliseconds((boot * 1000) + ((long)startTicks * 1000 / ClockTicksPerSecond))
            : null;

    // Stable for the life of the process, different after pid reuse or a reboot.
    private string EntityId(int pid, ulong startTicks) =>
        Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{_bootId.Value}|{pid}|{startTicks}")).AsSpan(0, 16)
        );

    private static long? BootTime(string? stat)
    {
        foreach (string line in (stat ?? string.Empty).Split('\n'))
        {
            if (
                line.StartsWith("btime ", StringComparison.Ordinal)
                && long.TryParse(
                    line.AsSpan(6).Trim(),
                    NumberStyles.None,
                    CultureInfo.InvariantCulture,
                    out long seconds
                )
            )
            {
                return seconds;
            }
        }

        return null;
    }
}
