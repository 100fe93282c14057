using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace IpLookupSensor.Attribution.Windows.Interop;

[SupportedOSPlatform("windows")]
internal static partial class Ntdll
{
    // PROCESSINFOCLASS ProcessCommandLineInformation (Windows 8.1+): a UNICODE_STRING and its text, in one buffer,
    // with PROCESS_QUERY_LIMITED_INFORMATION only (reading the PEB would need PROCESS_VM_READ).
    public const int ProcessCommandLineInformation = 60;
    public const uint StatusInfoLengthMismatch = 0xC0000004;

    [LibraryImport("ntdll.dll")]
    public static unsafe partial uint NtQueryInformationProcess(
        SafeProcessHandle process,
        int informationClass,
        byte* information,
        uint length,
        out uint returnLength
    );
}
