using IpLookupSensor.Rules.Loading;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// What a rule held back in one window: alerts over max_signals, or folded by alert_suppression for one group.
/// </summary>
internal sealed record ThrottleSummary(
    DetectionRule Rule,
    long WindowStart,
    long WindowEnd,
    long HeldBack,
    string? Group
);
