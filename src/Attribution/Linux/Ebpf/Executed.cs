using System.Buffers.Binary;
using System.Text;

namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// What a process executed last, as the kernel recorded it at the exec (<see cref="ExecTraceProgram"/>): the path
/// (null when relative, or longer than the record holds) and the command line's arguments, the last one ending in
/// "…" when the command line was longer than the record holds.
/// </summary>
public sealed record Executed(string? Path, IReadOnlyList<string> Args)
{
    /// <summary>The record, when it is of the process that started at <paramref name="startTicks"/>.</summary>
    public static Executed? Parse(ReadOnlySpan<byte> value, ulong startTicks)
    {
        if (SentBy.ClockTicks(BinaryPrimitives.ReadUInt64LittleEndian(value)) != startTicks)
        {
            return null; // another process that had the pid
        }

        ReadOnlySpan<byte> path = value.Slice(8, ExecTraceProgram.PathSize);
        int end = path.IndexOf((byte)0);
        string? absolute = end > 1 && path[0] == (byte)'/' ? Encoding.UTF8.GetString(path[..end]) : null;

        int length = (int)
            Math.Min(
                BinaryPrimitives.ReadUInt64LittleEndian(value[(8 + ExecTraceProgram.PathSize)..]),
                ExecTraceProgram.ArgumentsSize
            );
        ReadOnlySpan<byte> arguments = value.Slice(8 + ExecTraceProgram.PathSize + 8, length);
        bool cut = length == ExecTraceProgram.ArgumentsSize && arguments[^1] != 0;
        List<string> args = [.. Encoding.UTF8.GetString(arguments).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
        if (cut && args.Count > 0)
        {
            args[^1] += "…";
        }

        return new Executed(absolute, args);
    }
}
