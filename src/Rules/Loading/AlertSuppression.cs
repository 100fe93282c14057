namespace IpLookupSensor.Rules.Loading;

/// <summary>
/// <c>[rule.alert_suppression]</c>: alerts with equal values of <see cref="GroupBy"/> are folded into one per
/// <see cref="Duration"/>.
/// </summary>
public sealed record AlertSuppression(IReadOnlyList<string> GroupBy, TimeSpan Duration);
