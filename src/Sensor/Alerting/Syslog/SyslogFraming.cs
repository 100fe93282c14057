namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>How messages are delimited on a TCP or TLS stream (RFC 6587 §3.4).</summary>
internal enum SyslogFraming
{
    /// <summary><c>LENGTH SP MESSAGE</c>: nothing inside a message can end it early. RFC 5425 requires it.</summary>
    OctetCounting,

    /// <summary>Each message ends with LF, for receivers that only split lines (Logstash, Splunk raw TCP).</summary>
    LineFeed,
}
