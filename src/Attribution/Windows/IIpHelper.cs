namespace IpLookupSensor.Attribution.Windows;

/// <summary>The OS boundary for the owner tables: one call of GetExtendedUdpTable or GetExtendedTcpTable.</summary>
public interface IIpHelper
{
    /// <summary>
    /// Fills <paramref name="buffer"/> with the UDP_TABLE_OWNER_PID or TCP_TABLE_OWNER_PID_ALL table of one family.
    /// Returns the Win32 code: 0, or 122 (ERROR_INSUFFICIENT_BUFFER) with the needed size in <paramref name="size"/>.
    /// </summary>
    uint GetOwnerTable(SocketTransport transport, bool ipv6, byte[] buffer, ref uint size);
}
