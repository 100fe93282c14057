using System.Globalization;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// /proc/&lt;pid&gt;/stat (proc_pid_stat(5)). The command name may hold spaces and parentheses, so the fields are read
/// after the last ')'.
/// </summary>
public static class ProcStatParser
{
    public static bool TryParse(string text, out ProcStat stat)
    {
        stat = default;
        int open = text.IndexOf('(', StringComparison.Ordinal);
        int close = text.LastIndexOf(')');
        if (
            open <= 0
            || close < open
            || !int.TryParse(text.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
        )
        {
            return false;
        }

        // After ") ": state is field 3, ppid field 4, starttime field 22.
        string[] rest = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (
            rest.Length < 20
            || rest[0].Length != 1
            || !int.TryParse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid)
            || !ulong.TryParse(rest[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong start)
        )
        {
            return false;
        }

        stat = new ProcStat(pid, text[(open + 1)..close], rest[0][0], ppid, start);
        return true;
    }
}
