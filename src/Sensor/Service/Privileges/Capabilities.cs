using System.Globalization;

namespace IpLookupSensor.Sensor.Service.Privileges;

/// <summary>Linux capability numbers (linux/capability.h) and the text of a set, as capsh prints it.</summary>
internal static class Capabilities
{
    public const int DacReadSearch = 2;
    public const int NetBindService = 10;
    public const int NetAdmin = 12;
    public const int NetRaw = 13;
    public const int SysPtrace = 19;

    private static readonly Dictionary<int, string> s_names = new()
    {
        [0] = "cap_chown",
        [1] = "cap_dac_override",
        [DacReadSearch] = "cap_dac_read_search",
        [3] = "cap_fowner",
        [4] = "cap_fsetid",
        [5] = "cap_kill",
        [6] = "cap_setgid",
        [7] = "cap_setuid",
        [8] = "cap_setpcap",
        [NetBindService] = "cap_net_bind_service",
        [NetAdmin] = "cap_net_admin",
        [NetRaw] = "cap_net_raw",
        [SysPtrace] = "cap_sys_ptrace",
        [21] = "cap_sys_admin",
    };

    public static ulong Mask(IEnumerable<int> capabilities) =>
        capabilities.Aggregate(0UL, (mask, capability) => mask | (1UL << capability));

    /// <summary>"cap_net_raw,cap_sys_ptrace", or "none".</summary>
    public static string Describe(ulong mask)
    {
        var names = new List<string>();
        for (int capability = 0; capability < 64; capability++)
        {
            if ((mask & (1UL << capability)) != 0)
            {
                names.Add(s_names.GetValueOrDefault(capability) ?? $"cap_{capability}");
            }
        }

        return names.Count == 0 ? "none" : string.Join(',', names);
    }

    /// <summary>A set from /proc/PID/status (CapEff, CapPrm, CapBnd…), or null when the line is missing.</summary>
    public static ulong? FromStatus(string status, string field)
    {
        foreach (string line in status.Split('\n'))
        {
            if (
                line.StartsWith(field + ":", StringComparison.Ordinal)
                && ulong.TryParse(
                    line.AsSpan(field.Length + 1).Trim(),
                    NumberStyles.HexNumber,
                    CultureInfo.InvariantCulture,
                    out ulong mask
                )
            )
            {
                return mask;
            }
        }

        return null;
    }
}
