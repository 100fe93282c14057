namespace IpLookupSensor.Sensor.Alerting;

/// <summary>
/// Rule severity as a number for ECS <c>event.severity</c>: Elastic's default risk scores per severity
/// (low 21, medium 47, high 73, critical 99), so both scales read the same way.
/// </summary>
internal static class AlertSeverity
{
    public static int Numeric(string severity) =>
        severity switch
        {
            "critical" => 99,
            "high" => 73,
            "medium" => 47,
            _ => 21,
        };
}
