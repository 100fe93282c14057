using System.Net;

namespace IpLookupSensor.Attribution;

internal static class IPAddressExtensions
{
    /// <summary>::ffff:a.b.c.d as a.b.c.d: socket tables show dual-mode sockets in either form.</summary>
    public static IPAddress Unmapped(this IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
