namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>A destination that cannot work as configured: the message names the URI and what to change.</summary>
internal sealed class SyslogConfigurationException(string message) : Exception(message);
