using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace IpLookupSensor.Attribution.Windows.Interop;

[SupportedOSPlatform("windows")]
internal static partial class Advapi32
{
    public const uint TokenQuery = 0x0008;
    public const int TokenUser = 1;

    [LibraryImport("advapi32.dll", SetLastError = true)]
    public static partial int OpenProcessToken(SafeProcessHandle process, uint access, out SafeTokenHandle token);

    [LibraryImport("advapi32.dll", SetLastError = true)]
    public static unsafe partial int GetTokenInformation(
        SafeTokenHandle token,
        int informationClass,
        void* buffer,
        uint length,
        out uint returnLength
    );

    [LibraryImport("advapi32.dll", EntryPoint = "LookupAccountSidW", SetLastError = true)]
    public static unsafe partial int LookupAccountSid(
        char* systemName,
        byte* sid,
        char* name,
        ref uint nameLength,
        char* domain,
        ref uint domainLength,
        out int use
    );
}
