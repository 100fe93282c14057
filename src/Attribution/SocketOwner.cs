namespace IpLookupSensor.Attribution;

/// <summary>Who holds a socket, and how we know (iplookup.attribution.method: procfs, history_cache, iphlpapi).</summary>
public sealed record SocketOwner(ProcessIdentityInfo Process, string Method);
