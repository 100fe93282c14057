using System.Net;

namespace IpLookupSensor.Attribution;

/// <summary>The process and user holding a local UDP or TCP endpoint right now, or why none can be named.</summary>
public interface ISocketOwnerResolver
{
    OwnerLookup Resolve(SocketTransport transport, IPAddress localAddress, ushort localPort);
}
