namespace IpLookupSensor.Sensor.Alerting.Syslog.Transport;

/// <summary>A connection that could not be made, with the reason an operator can act on.</summary>
internal sealed class SyslogConnectException(string message, Exception? inner = null) : Exception(message, inner);
