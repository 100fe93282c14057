using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace IpLookupSensor.Attribution.Windows.Interop;

/// <summary>iphlpapi.dll: the socket tables with their owning pids. Both return their Win32 code.</summary>
[SupportedOSPlatform("windows")]
internal static partial class IpHelperApi
{
    public const uint AfInet = 2;
    public const uint AfInet6 = 23; // ws2def.h: not Linux's 10
    public const int UdpTableOwnerPid = 1;
    public const int TcpTableOwnerPidAll = 5;

    [LibraryImport("iphlpapi.dll")]
    public static unsafe partial uint GetExtendedUdpTable(
        void* table,
        ref uint size,
        int order,
        uint family,
        int tableClass,
        uint reserved
    );

    [LibraryImport("iphlpapi.dll")]
    public static unsafe partial uint GetExtendedTcpTable(
        void* table,
        ref uint size,
        int order,
        uint family,
        int tableClass,
        uint reserved
    );
}
