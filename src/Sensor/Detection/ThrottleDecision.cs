namespace IpLookupSensor.Sensor.Detection;

internal enum ThrottleDecision
{
    /// <summary>Send the alert.</summary>
    Alert,

    /// <summary>The rule's max_signals for this interval is reached: count it for the window's summary.</summary>
    OverLimit,

    /// <summary>alert_suppression holds it: an alert for the same group went out within the duration.</summary>
    Suppressed,
}
