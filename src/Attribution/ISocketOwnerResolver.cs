using System.Net;

namespace IpLookupSensor.Attribution;

/// <summary>The process and user holding a local UDP or TCP endpoint right now, or null when none can be named.</summary>
public interface ISocketOwnerResolver
{
    SocketOwner? Resolve(SocketTransport transport, IPAddress localAddress, ushort localPort);
}
