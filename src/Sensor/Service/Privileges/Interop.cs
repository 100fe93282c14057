using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace IpLookupSensor.Sensor.Service.Privileges;

/// <summary>The Linux calls that shrink a root process's capabilities (capabilities(7), prctl(2), execve(2)).</summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Interop
{
    public const int PrCapabilityBoundingSetDrop = 24; // PR_CAPBSET_DROP
    public const int PrCapabilityAmbient = 47; // PR_CAP_AMBIENT
    public const int PrCapabilityAmbientLower = 3;
    public const int PrCapabilityAmbientClearAll = 4;
    public const uint CapabilityVersion3 = 0x20080522; // _LINUX_CAPABILITY_VERSION_3: two 32-bit words per set

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int capget(CapabilityHeader* header, CapabilityData* data);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int capset(CapabilityHeader* header, CapabilityData* data);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    // syscall(2) for seccomp(2), which older C libraries do not wrap; three integer arguments pass as they would
    // unvaried.
    [LibraryImport("libc", SetLastError = true)]
    public static partial long syscall(long number, long argument1, long argument2, nint argument3);

    [StructLayout(LayoutKind.Sequential)]
    public struct CapabilityHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CapabilityData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }
}
