namespace IpLookupSensor.Sensor.Events;

/// <summary>
/// iplookup.attribution.status (docs/attribution.md §6); <see cref="None"/> when attribution did not run.
/// </summary>
internal enum AttributionStatus : byte
{
    None,
    Direct,
    Unattributed,
    NotApplicable,

    /// <summary>The socket belongs to a local resolver (systemd-resolved, dnsmasq, …): its upstream copy of someone
    /// else's lookup. The resolver is in <see cref="DnsEvent.Resolver"/>, process.* stays empty.</summary>
    ResolverOnly,

    /// <summary>A local resolver's upstream query, with the process that asked it for the lookup: recovered by
    /// correlation (its answer, then that process's connection to it). Both are on the event.</summary>
    ViaResolver,
}
