namespace IpLookupSensor.Attribution;

/// <summary>
/// What a socket-owner lookup found: the process and how we know it (iplookup.attribution.method: procfs,
/// history_cache, iphlpapi) and how sure we are; or, with no process, why not (reason).
/// </summary>
public sealed record OwnerLookup(ProcessIdentityInfo? Process, string? Method, string? Confidence, string? Reason)
{
    /// <summary>The socket was gone before the lookup, and nobody saw who held it.</summary>
    public static readonly OwnerLookup SocketClosed = new(null, null, null, "socket_closed");

    /// <summary>The socket was there but its process had exited (or could not be read).</summary>
    public static readonly OwnerLookup PidExited = new(null, null, null, "pid_exited");

    public static OwnerLookup Found(
        ProcessIdentityInfo process,
        string method,
        string confidence = "high",
        string? reason = null
    ) => new(process, method, confidence, reason);
}
