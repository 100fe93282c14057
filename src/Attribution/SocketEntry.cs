using System.Net;

namespace IpLookupSensor.Attribution;

/// <summary>One row of the kernel's socket table: who holds which local endpoint.</summary>
/// <param name="Uid">The effective uid of the socket's creator.</param>
public readonly record struct SocketEntry(
    SocketTransport Transport,
    IPAddress LocalAddress,
    ushort LocalPort,
    IPAddress RemoteAddress,
    ushort RemotePort,
    int State,
    uint Uid,
    ulong Inode
);
