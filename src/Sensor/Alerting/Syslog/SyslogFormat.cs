namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>The payload layouts collectors understand (docs/syslog.md).</summary>
internal enum SyslogFormat
{
    /// <summary>RFC 5424 with structured data and the ECS alert as MSG: rsyslog, syslog-ng, Elastic.</summary>
    Rfc5424,

    /// <summary>BSD syslog, for receivers that know nothing newer.</summary>
    Rfc3164,

    /// <summary>ArcSight Common Event Format behind an RFC 5424 header: ArcSight, Sentinel, Splunk.</summary>
    Cef,

    /// <summary>QRadar Log Event Extended Format 2.0 behind an RFC 5424 header.</summary>
    Leef,

    /// <summary>The ECS alert document alone, one per line: Elastic and JSON-line inputs.</summary>
    Json,
}
