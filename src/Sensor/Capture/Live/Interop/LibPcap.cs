using System.Reflection;
using System.Runtime.InteropServices;

namespace IpLookupSensor.Sensor.Capture.Live.Interop;

/// <summary>The libpcap calls SharpPcap does not expose for a pcap_next_ex loop, or reports wrongly.</summary>
internal static partial class LibPcap
{
    private const string Library = "pcap";

    static LibPcap() => NativeLibrary.SetDllImportResolver(typeof(LibPcap).Assembly, Resolve);

    /// <summary>
    /// pcap_breakloop(3PCAP): makes a blocked pcap_next_ex return PCAP_ERROR_BREAK; safe from another thread.
    /// </summary>
    public static void BreakLoop(nint handle) => pcap_breakloop(handle);

    /// <summary>
    /// pcap_stats(3PCAP): packets the kernel dropped (its ring was full) plus those the interface dropped; -1 when
    /// libpcap cannot say. SharpPcap's Statistics reported 0 here while the kernel counted 198,624 drops.
    /// </summary>
    public static long Drops(nint handle)
    {
        Span<uint> stats = stackalloc uint[4]; // ps_recv, ps_drop, ps_ifdrop (and Npcap's bs_capt)
        return pcap_stats(handle, ref stats[0]) == 0 ? (long)stats[1] + stats[2] : -1;
    }

    [LibraryImport(Library)]
    private static partial void pcap_breakloop(nint handle);

    [LibraryImport(Library)]
    private static partial int pcap_stats(nint handle, ref uint stats);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        string[] candidates =
            OperatingSystem.IsWindows() ? ["wpcap"]
            : OperatingSystem.IsMacOS() ? ["libpcap.dylib"]
            : ["libpcap.so.1", "libpcap.so.0.8", "libpcap.so"];
        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out nint handle))
            {
                return handle;
            }
        }

        return 0;
    }
}
