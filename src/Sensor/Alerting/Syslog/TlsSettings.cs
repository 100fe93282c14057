namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>
/// How a TLS destination is trusted (RFC 5425 §5): the server's chain against <see cref="CaFile"/> or the system
/// store, its name against <see cref="ServerName"/>, and optionally its certificate's SHA-256 against a pin. There is
/// no way to turn the check off.
/// </summary>
internal sealed record TlsSettings
{
    /// <summary>PEM file of the CA(s) to trust instead of the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>The name the server certificate must carry (DNS name or IP address in its SAN).</summary>
    public required string ServerName { get; init; }

    /// <summary>SHA-256 of the server's certificate (DER), when pinned.</summary>
    public byte[]? Fingerprint { get; init; }

    /// <summary>Client certificate: a PEM file with <see cref="KeyFile"/>, or a PKCS#12 file alone.</summary>
    public string? CertificateFile { get; init; }

    public string? KeyFile { get; init; }
}
