using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace IpLookupSensor.Attribution.Linux.Interop;

/// <summary>
/// socket(2) for the netlink families .NET's Socket cannot create; the descriptor then goes into a Socket.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class Libc
{
    public const int AddressFamilyNetlink = 16;
    public const int SocketRaw = 3;
    public const int SocketCloseOnExec = 0x80000;
    public const int NetlinkSockDiag = 4;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);
}
