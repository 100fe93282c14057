using System.Net;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>One row of an IP Helper owner table (MIB_UDPROW_OWNER_PID and its TCP and IPv6 siblings).</summary>
/// <param name="State">MIB_TCP_STATE for TCP (LISTEN 2, ESTAB 5, …); 0 for UDP, which has no state.</param>
/// <param name="Pid">The owning process; 0 means Windows could not say.</param>
public readonly record struct IpHelperRow(
    SocketTransport Transport,
    IPAddress LocalAddress,
    ushort LocalPort,
    uint LocalScopeId,
    IPAddress? RemoteAddress,
    ushort RemotePort,
    uint State,
    int Pid
);
