namespace IpLookupSensor.Sensor.Alerting;

internal enum AlertKind
{
    /// <summary>A rule matched an event.</summary>
    Detection,

    /// <summary>A rule's throttle held alerts back in a window (max_signals or alert_suppression).</summary>
    HeldBack,

    /// <summary>A syslog destination's spool reached its quota and dropped its oldest alerts.</summary>
    SpoolDropped,
}
