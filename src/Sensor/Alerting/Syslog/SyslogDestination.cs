namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>
/// One collector: where, how and in which format alerts go there (parsed from a URI by <see cref="SyslogUri"/>).
/// </summary>
internal sealed record SyslogDestination
{
    /// <summary>The URI as configured: how logs and the spool folder name this destination.</summary>
    public required string Uri { get; init; }

    public required SyslogTransport Transport { get; init; }

    public required string Host { get; init; }

    public required int Port { get; init; }

    public SyslogFormat Format { get; init; } = SyslogFormat.Rfc5424;

    public SyslogFraming Framing { get; init; } = SyslogFraming.OctetCounting;

    /// <summary>0–23; local0 by default.</summary>
    public int Facility { get; init; } = 16;

    /// <summary>RFC 5424 APP-NAME and RFC 3164 TAG: printable ASCII, at most 48 characters.</summary>
    public string AppName { get; init; } = "iplookup-sensor";

    /// <summary>The SD-ID of the RFC 5424 alert element: name@private-enterprise-number.</summary>
    public string StructuredDataId { get; init; } = SyslogUri.DefaultStructuredDataId;

    /// <summary>Largest message, framing excluded: the body is cut to fit, never the header.</summary>
    public required int MaxMessageBytes { get; init; }

    public TlsSettings? Tls { get; init; }
}
