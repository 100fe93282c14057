namespace IpLookupSensor.Attribution.Linux;

/// <summary>What attribution needs of /proc/&lt;pid&gt;/stat.</summary>
/// <param name="StartTicks">Field 22, starttime: clock ticks after boot. With the pid, it identifies the process across
/// pid reuse.</param>
public readonly record struct ProcStat(int Pid, string Comm, char State, int ParentPid, ulong StartTicks);
