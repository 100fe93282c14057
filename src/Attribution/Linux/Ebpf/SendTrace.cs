using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using IpLookupSensor.Attribution.Linux.Interop;

namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// Who sent each DNS query, recorded by the kernel at the send (<see cref="SendTraceProgram"/>), so a client that
/// exits, or closes its socket, before the lookup can read /proc is still named. Loading needs CAP_BPF and
/// CAP_PERFMON (root has both); reading the map afterwards needs neither, so the sensor loads it first and
/// hands it across its restart with fewer capabilities (<see cref="HandOff"/>, <see cref="Inherit"/>).
/// Linux 6.3 or later (the tracepoint), x64 or arm64.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SendTrace : IDisposable
{
    /// <summary>
    /// The map and link descriptors of both programs, "MAP,LINK,MAP,LINK", in the environment of the restarted sensor.
    /// </summary>
    public const string HandOffVariable = "IPLOOKUPSENSOR_SEND_TRACE";

    /// <summary>Senders remembered, least recently sent first out.</summary>
    public const int Capacity = 16_384;

    /// <summary>Processes whose executable is remembered, least recently started first out.</summary>
    public const int ExecCapacity = 8_192;

    /// <summary>
    /// The send of a captured packet is recorded as the packet passes the capture: a record more than this before
    /// the packet is an earlier send, maybe by another process that had the port (capture and send times come
    /// from two clocks converted into one, hence some slack). A record this much after the packet is a later send.
    /// </summary>
    public static readonly TimeSpan SameSendSlack = TimeSpan.FromMilliseconds(100);

    /// <summary>An answer comes back to the port at most this long after the query that record is of.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);

    private const string License = "Dual MIT/GPL"; // the kernel asks for a GPL-compatible one for bpf_probe_read_kernel

    private readonly Traced _sends;
    private readonly Traced _execs;
    private readonly uint _networkNamespace;
    private int _disposed;

    private SendTrace(Traced sends, Traced execs, uint networkNamespace) =>
        (_sends, _execs, _networkNamespace) = (sends, execs, networkNamespace);

    /// <summary>A program's map and the link that keeps the program attached.</summary>
    private readonly record struct Traced(int Map, int Link)
    {
        public void Close()
        {
            Bpf.Close(Link);
            Bpf.Close(Map);
        }
    }

    /// <summary>Loads the programs and starts recording, or says why it cannot.</summary>
    public static SendTrace? Open(out string? failure)
    {
        SendTraceLayout? layout;
        try
        {
            layout = SendTraceLayout.From(KernelTypes.ReadRunningKernel(), out failure);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            failure = $"cannot read the kernel's type information {KernelTypes.VmlinuxPath} ({e.Message})";
            return null;
        }

        if (layout is null || NetworkNamespace(out failure) is not uint networkNamespace)
        {
            return null;
        }

        if (
            Load(
                "iplookup_send",
                SendTraceProgram.KeySize,
                SendTraceProgram.ValueSize,
                Capacity,
                map => SendTraceProgram.Build(layout, map),
                "sock",
                SendTraceProgram.Tracepoint,
                " (Linux 6.3 or later)",
                out failure
            )
            is not { } sends
        )
        {
            return null;
        }

        if (
            Load(
                "iplookup_exec",
                ExecTraceProgram.KeySize,
                ExecTraceProgram.ValueSize,
                ExecCapacity,
                map => ExecTraceProgram.Build(layout, map),
                "sched",
                ExecTraceProgram.Tracepoint,
                string.Empty,
                out failure
            )
            is not { } execs
        )
        {
            sends.Close();
            return null;
        }

        return new SendTrace(sends, execs, networkNamespace);
    }

    /// <summary>The trace a previous image of this process loaded and handed over (<see cref="HandOff"/>).</summary>
    public static SendTrace? Inherit(string handOff, out string? failure)
    {
        int[] fds =
        [
            .. handOff
                .Split(',')
                .Select(part =>
                    int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int fd) ? fd : -1
                ),
        ];
        if (
            fds.Length != 4
            || !IsBpfObject(fds[0], "bpf-map")
            || !IsBpfObject(fds[1], "bpf_link")
            || !IsBpfObject(fds[2], "bpf-map")
            || !IsBpfObject(fds[3], "bpf_link")
            || NetworkNamespace(out failure) is not uint networkNamespace
        )
        {
            failure = $"{HandOffVariable}={handOff} does not name a send trace's maps and links";
            return null;
        }

        foreach (int fd in fds)
        {
            Bpf.KeepAcrossExec(fd, keep: false);
        }

        failure = null;
        return new SendTrace(new Traced(fds[0], fds[1]), new Traced(fds[2], fds[3]), networkNamespace);
    }

    /// <summary>Keeps the trace open across execve(2); the value for <see cref="HandOffVariable"/>.</summary>
    public string HandOff()
    {
        int[] fds = [_sends.Map, _sends.Link, _execs.Map, _execs.Link];
        foreach (int fd in fds)
        {
            Bpf.KeepAcrossExec(fd, keep: true);
        }

        return string.Join(',', fds.Select(fd => fd.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Who sent from this local port in the sensor's network namespace: the packet captured at
    /// <paramref name="capturedAtUnixNanoseconds"/> when <paramref name="sentThePacket"/>, else (the packet is an
    /// answer to it) the last send before it. Null when the kernel recorded no send that could be it (another
    /// namespace, a raw socket, a send not recorded yet, an earlier or later send on the same port).
    /// </summary>
    public SentBy? Find(
        SocketTransport transport,
        ushort localPort,
        long capturedAtUnixNanoseconds,
        bool sentThePacket = true
    )
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return null;
        }

        Span<byte> key = stackalloc byte[SendTraceProgram.KeySize];
        BinaryPrimitives.WriteUInt32LittleEndian(key, _networkNamespace);
        BinaryPrimitives.WriteUInt16LittleEndian(key[4..], localPort);
        key[6] = transport == SocketTransport.Udp ? (byte)17 : (byte)6;
        key[7] = 0;
        Span<byte> value = stackalloc byte[SendTraceProgram.ValueSize];
        long nowUnix = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        long nowMonotonic = MonotonicNanoseconds();
        if (!Bpf.Lookup(_sends.Map, key, value))
        {
            // Also a lookup a few microseconds early: the capture sees a packet during its send, the tracepoint runs as
            // the send returns. That sender is still in its send, with its socket open, for the socket tables to find.
            return null;
        }

        SentBy sent = SentBy.Parse(value);
        long sentAtUnix = nowUnix - (nowMonotonic - sent.SentMonotonicNanoseconds);
        long earliest =
            capturedAtUnixNanoseconds - (long)(sentThePacket ? SameSendSlack : AnswerWithin).TotalNanoseconds;
        long latest = capturedAtUnixNanoseconds + (long)SameSendSlack.TotalNanoseconds;
        return sentAtUnix >= earliest && sentAtUnix <= latest ? sent : null;
    }

    /// <summary>
    /// What process <paramref name="pid"/>, started at <paramref name="startTicks"/>, executed last, as the kernel
    /// recorded it at the exec; null when no record is of that process.
    /// </summary>
    public Executed? Executed(int pid, ulong startTicks)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return null;
        }

        Span<byte> key = stackalloc byte[ExecTraceProgram.KeySize];
        BinaryPrimitives.WriteInt32LittleEndian(key, pid);
        Span<byte> value = stackalloc byte[ExecTraceProgram.ValueSize];
        return Bpf.Lookup(_execs.Map, key, value) ? Ebpf.Executed.Parse(value, startTicks) : null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _sends.Close();
            _execs.Close();
        }
    }

    // Creates the map, loads the program built for it and attaches it to the tracepoint; the link then holds the
    // program.
    private static Traced? Load(
        string name,
        int keySize,
        int valueSize,
        int capacity,
        Func<int, byte[]> build,
        string category,
        string tracepoint,
        string requirement,
        out string? failure
    )
    {
        int map = Bpf.CreateMap(Bpf.MapTypeLruHash, keySize, valueSize, capacity, name);
        if (map < 0)
        {
            failure = Refused("creating its map");
            return null;
        }

        int program = Bpf.LoadProgram(Bpf.ProgramTypeRawTracepoint, build(map), License, name, out string log);
        if (program < 0)
        {
            failure =
                Refused("loading its program")
                + (log.Length > 0 ? $"; the verifier said: {log[Math.Max(0, log.Length - 500)..]}" : string.Empty);
            Bpf.Close(map);
            return null;
        }

        int link = Bpf.AttachRawTracepoint(tracepoint, program);
        failure = link < 0 ? Refused($"attaching to the tracepoint {category}:{tracepoint}{requirement}") : null;
        Bpf.Close(program);
        if (link < 0)
        {
            Bpf.Close(map);
            return null;
        }

        return new Traced(map, link);
    }

    // Stopwatch reads CLOCK_MONOTONIC on Linux, the clock bpf_ktime_get_ns reads.
    private static long MonotonicNanoseconds() =>
        (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    private static string Refused(string step) =>
        $"the kernel refused {step}: {Marshal.GetLastPInvokeErrorMessage()}"
        + (Marshal.GetLastPInvokeError() == 1 ? " (needs CAP_BPF and CAP_PERFMON)" : string.Empty);

    private static bool IsBpfObject(int fd, string kind) =>
        File.ResolveLinkTarget($"/proc/self/fd/{fd}", returnFinalTarget: false)?.FullName is string target
        && target.EndsWith($"anon_inode:{kind}", StringComparison.Ordinal);

    // The key's namespace: this process's, as the inode number of /proc/self/ns/net ("net:[4026531840]").
    private static uint? NetworkNamespace(out string? failure)
    {
        string? link = File.ResolveLinkTarget("/proc/self/ns/net", returnFinalTarget: false)?.Name;
        int open = link?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        if (
            link is not null
            && open >= 0
            && uint.TryParse(
                link.AsSpan(open + 1, link.Length - open - 2),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out uint inode
            )
        )
        {
            failure = null;
            return inode;
        }

        failure = "cannot read this process's network namespace (/proc/self/ns/net)";
        return null;
    }
}
