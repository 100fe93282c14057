using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace IpLookupSensor.Attribution.Windows.Interop;

[SupportedOSPlatform("windows")]
internal static partial class Kernel32
{
    // The limited right is the one protected processes still grant.
    public const uint ProcessQueryLimitedInformation = 0x1000;
    public const int ErrorAccessDenied = 5;
    public const int ErrorInsufficientBuffer = 122;

    [LibraryImport("kernel32.dll", SetLastError = true)]
    public static partial SafeProcessHandle OpenProcess(uint access, int inheritHandle, uint pid);

    [LibraryImport("kernel32.dll", EntryPoint = "QueryFullProcessImageNameW", SetLastError = true)]
    public static unsafe partial int QueryFullProcessImageName(
        SafeProcessHandle process,
        uint flags,
        char* buffer,
        ref uint size
    );

    // FILETIMEs: two DWORDs, low first, which on little-endian Windows is a long.
    [LibraryImport("kernel32.dll", SetLastError = true)]
    public static partial int GetProcessTimes(
        SafeProcessHandle process,
        out long creation,
        out long exit,
        out long kernel,
        out long user
    );

    [LibraryImport("kernel32.dll", SetLastError = true)]
    public static partial int CloseHandle(nint handle);
}
