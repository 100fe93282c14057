using System.Reflection;
using System.Runtime.InteropServices;

namespace IpLookupSensor.Sensor.Capture.Live.Interop;

/// <summary>The one libpcap call SharpPcap does not expose for a pcap_next_ex loop.</summary>
internal static partial class LibPcap
{
    private const string Library = "pcap";

    static LibPcap() => NativeLibrary.SetDllImportResolver(typeof(LibPcap).Assembly, Resolve);

    /// <summary>pcap_breakloop(3PCAP): makes a blocked pcap_next_ex return PCAP_ERROR_BREAK; safe from another thread.</summary>
    public static void BreakLoop(nint handle) => pcap_breakloop(handle);

    [LibraryImport(Library)]
    private static partial void pcap_breakloop(nint handle);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        string[] candidates = OperatingSystem.IsWindows() ? ["wpcap"]
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
