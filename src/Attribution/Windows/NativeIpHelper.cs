using System.Runtime.Versioning;
using IpLookupSensor.Attribution.Windows.Interop;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>The real owner tables: UDP_TABLE_OWNER_PID and TCP_TABLE_OWNER_PID_ALL, unsorted.</summary>
[SupportedOSPlatform("windows")]
public sealed class NativeIpHelper : IIpHelper
{
    public unsafe uint GetOwnerTable(SocketTransport transport, bool ipv6, byte[] buffer, ref uint size)
    {
        uint family = ipv6 ? IpHelperApi.AfInet6 : IpHelperApi.AfInet;
        fixed (byte* table = buffer) // null for an empty buffer: the size probe
        {
            return transport == SocketTransport.Udp
                ? IpHelperApi.GetExtendedUdpTable(table, ref size, 0, family, IpHelperApi.UdpTableOwnerPid, 0)
                : IpHelperApi.GetExtendedTcpTable(table, ref size, 0, family, IpHelperApi.TcpTableOwnerPidAll, 0);
        }
    }
}
