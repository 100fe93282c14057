using System.Buffers.Binary;
using System.Text;

namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// Who sent from a local port, as the kernel recorded it during the send: the process (thread group) id, its real
/// uid, when (CLOCK_MONOTONIC), the process's start (clock ticks since boot, as /proc/PID/stat's starttime), its
/// executable's file name and its command name (comm, at most 15 characters).
/// </summary>
public readonly record struct SentBy(
    int Pid,
    uint Uid,
    long SentMonotonicNanoseconds,
    ulong StartTicks,
    string ExecutableName,
    string Command
)
{
    /// <summary>
    /// The kernel's start_boottime (ns) in the clock ticks (USER_HZ, 100) of /proc/PID/stat's starttime.
    /// </summary>
    public static ulong ClockTicks(ulong nanoseconds) => nanoseconds / 10_000_000;

    /// <summary>
    /// The program's name: its executable's file name, or its command name when the kernel had none (a kernel thread).
    /// </summary>
    public string Name => ExecutableName.Length > 0 ? ExecutableName : Command;

    /// <summary>Reads the value <see cref="SendTraceProgram"/> writes.</summary>
    public static SentBy Parse(ReadOnlySpan<byte> value) =>
        new(
            BinaryPrimitives.ReadInt32LittleEndian(value),
            BinaryPrimitives.ReadUInt32LittleEndian(value[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(value[16..]),
            ClockTicks(BinaryPrimitives.ReadUInt64LittleEndian(value[24..])),
            Text(value.Slice(48, SendTraceProgram.ExecutableNameSize)),
            Text(value.Slice(32, 16))
        );

    private static string Text(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }
}
