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
    /// <summary>The map and link descriptors, "MAP,LINK", in the environment of the restarted sensor.</summary>
    public const string HandOffVariable = "IPLOOKUPSENSOR_SEND_TRACE";

    /// <summary>Senders remembered, least recently sent first out.</summary>
    public const int Capacity = 16_384;

    /// <summary>A send recorded more than this before the packet was captured cannot be the one that sent it.</summary>
    public static readonly TimeSpan OlderThanPacket = TimeSpan.FromSeconds(2);

    /// <summary>Capture and send times come from two clocks converted into one: this much apart still matches.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(250);

    private const string License = "Dual MIT/GPL"; // the kernel asks for a GPL-compatible one for bpf_probe_read_kernel
    private const string ObjectName = "iplookup_send";

    private readonly int _map;
    private readonly int _link;
    private readonly uint _networkNamespace;
    private int _disposed;

    private SendTrace(int map, int link, uint networkNamespace) => (_map, _link, _networkNamespace) = (map, link, networkNamespace);

    /// <summary>Loads the program and starts recording, or says why it cannot.</summary>
    public static SendTrace? Open(out string? failure)
    {
        SendTraceLayout? layout;
        try
        {
            layout = SendTraceLayout.From(KernelTypes.Parse(File.ReadAllBytes(KernelTypes.VmlinuxPath)), out failure);
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

        int map = Bpf.CreateMap(Bpf.MapTypeLruHash, SendTraceProgram.KeySize, SendTraceProgram.ValueSize, Capacity, ObjectName);
        if (map < 0)
        {
            failure = Refused("creating its map");
            return null;
        }

        int program = Bpf.LoadProgram(Bpf.ProgramTypeRawTracepoint, SendTraceProgram.Build(layout, map), License, ObjectName, out string log);
        if (program < 0)
        {
            failure = Refused("loading its program") + (log.Length > 0 ? $"; the verifier said: {log[Math.Max(0, log.Length - 500)..]}" : string.Empty);
            Bpf.Close(map);
            return null;
        }

        int link = Bpf.AttachRawTracepoint(SendTraceProgram.Tracepoint, program);
        failure = link < 0 ? Refused($"attaching to the tracepoint sock:{SendTraceProgram.Tracepoint} (Linux 6.3 or later)") : null;
        Bpf.Close(program); // the link holds the program from now on
        if (link < 0)
        {
            Bpf.Close(map);
            return null;
        }

        return new SendTrace(map, link, networkNamespace);
    }

    /// <summary>The trace a previous image of this process loaded and handed over (<see cref="HandOff"/>).</summary>
    public static SendTrace? Inherit(string handOff, out string? failure)
    {
        string[] parts = handOff.Split(',');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int map) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int link) ||
            !IsBpfObject(map, "bpf-map") || !IsBpfObject(link, "bpf_link") || NetworkNamespace(out failure) is not uint networkNamespace)
        {
            failure = $"{HandOffVariable}={handOff} does not name a send trace's map and link";
            return null;
        }

        Bpf.KeepAcrossExec(map, keep: false);
        Bpf.KeepAcrossExec(link, keep: false);
        failure = null;
        return new SendTrace(map, link, networkNamespace);
    }

    /// <summary>Keeps the trace open across execve(2); the value for <see cref="HandOffVariable"/>.</summary>
    public string HandOff()
    {
        Bpf.KeepAcrossExec(_map, keep: true);
        Bpf.KeepAcrossExec(_link, keep: true);
        return string.Create(CultureInfo.InvariantCulture, $"{_map},{_link}");
    }

    /// <summary>
    /// The sender of the packet captured at <paramref name="capturedAtUnixNanoseconds"/> from this local port in the
    /// sensor's network namespace, or null when the kernel recorded no send that could be it (another namespace, a
    /// raw socket, a later send on the same port).
    /// </summary>
    public SentBy? Find(SocketTransport transport, ushort localPort, long capturedAtUnixNanoseconds)
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
        for (int attempt = 0; ; attempt++)
        {
            long nowUnix = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            long nowMonotonic = MonotonicNanoseconds();
            if (Bpf.Lookup(_map, key, value))
            {
                SentBy sent = SentBy.Parse(value);
                long sentAtUnix = nowUnix - (nowMonotonic - sent.SentMonotonicNanoseconds);
                long earliest = capturedAtUnixNanoseconds - (long)OlderThanPacket.TotalNanoseconds;
                long latest = capturedAtUnixNanoseconds + (long)ClockSlack.TotalNanoseconds;
                if (sentAtUnix >= earliest && sentAtUnix <= latest)
                {
                    return sent;
                }
            }

            // The capture sees a packet while it is being sent; the tracepoint runs when the send returns. A lookup
            // that came that fast may be a few microseconds early: one more look, a moment later.
            if (attempt > 0 || nowUnix - capturedAtUnixNanoseconds > 5_000_000)
            {
                return null;
            }

            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Bpf.Close(_link);
            Bpf.Close(_map);
        }
    }

    // Stopwatch reads CLOCK_MONOTONIC on Linux, the clock bpf_ktime_get_ns reads.
    private static long MonotonicNanoseconds() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    private static string Refused(string step) =>
        $"the kernel refused {step}: {Marshal.GetLastPInvokeErrorMessage()}{(Marshal.GetLastPInvokeError() == 1 ? " (needs CAP_BPF and CAP_PERFMON)" : string.Empty)}";

    private static bool IsBpfObject(int fd, string kind) =>
        File.ResolveLinkTarget($"/proc/self/fd/{fd}", returnFinalTarget: false)?.FullName is string target &&
        target.EndsWith($"anon_inode:{kind}", StringComparison.Ordinal);

    // The key's namespace: this process's, as the inode number of /proc/self/ns/net ("net:[4026531840]").
    private static uint? NetworkNamespace(out string? failure)
    {
        string? link = File.ResolveLinkTarget("/proc/self/ns/net", returnFinalTarget: false)?.Name;
        int open = link?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        if (link is not null && open >= 0 && uint.TryParse(link.AsSpan(open + 1, link.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out uint inode))
        {
            failure = null;
            return inode;
        }

        failure = "cannot read this process's network namespace (/proc/self/ns/net)";
        return null;
    }
}
