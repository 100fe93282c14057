using System.Net;

namespace IpLookupSensor.Attribution;

/// <summary>The process and user holding a local UDP or TCP endpoint right now, or why none can be named.</summary>
public interface ISocketOwnerResolver
{
    OwnerLookup Resolve(SocketTransport transport, IPAddress localAddress, ushort localPort);

    /// <summary>
    /// The process behind the local end of a packet captured at <paramref name="capturedAtUnixNanoseconds"/>, which
    /// that end sent (<paramref name="localEndSent"/>: a query) or received (an answer to what it sent before): where
    /// the system recorded who sent (Linux's send trace), that names it even after it exited; elsewhere the same as
    /// the holder right now.
    /// </summary>
    OwnerLookup Resolve(
        SocketTransport transport,
        IPAddress localAddress,
        ushort localPort,
        long capturedAtUnixNanoseconds,
        bool localEndSent
    ) => Resolve(transport, localAddress, localPort);
}
