namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>
/// Rule severity to each format's scale (the table in docs/syslog-output.md). A spool that dropped alerts is a
/// warning whatever the rules said.
/// </summary>
internal static class SeverityMap
{
    /// <summary>RFC 5424 severity: 2 critical, 3 error, 4 warning, 5 notice.</summary>
    public static int Syslog(Alert alert) =>
        alert.Kind == AlertKind.SpoolDropped
            ? 4
            : alert.Severity switch
            {
                "critical" => 2,
                "high" => 3,
                "medium" => 4,
                _ => 5,
            };

    /// <summary>
    /// CEF and LEEF severity, 0–10: CEF reads 0–3 low, 4–6 medium, 7–8 high, 9–10 very high.
    /// </summary>
    public static int Cef(Alert alert) =>
        alert.Kind == AlertKind.SpoolDropped
            ? 6
            : alert.Severity switch
            {
                "critical" => 10,
                "high" => 8,
                "medium" => 6,
                _ => 3,
            };
}
