namespace IpLookupSensor.Sensor.Events;

/// <summary>iplookup.attribution.status (docs/attribution.md §6); <see cref="None"/> when attribution did not run.</summary>
internal enum AttributionStatus : byte
{
    None,
    Direct,
    Unattributed,
    NotApplicable,
}
