namespace IpLookupSensor.Sensor.Alerting.Syslog;

internal enum SyslogTransport
{
    /// <summary>RFC 5426: one message per datagram, no delivery guarantee.</summary>
    Udp,

    /// <summary>RFC 6587 plain TCP.</summary>
    Tcp,

    /// <summary>RFC 5425: TCP with TLS 1.2 or newer, server certificate always checked.</summary>
    Tls,
}
