namespace IpLookupSensor.Sensor.Alerting.Syslog.Spool;

/// <summary>
/// A message read back from the spool, and where the next one starts (what to acknowledge once it is sent).
/// </summary>
internal sealed record SpooledMessage(byte[] Message, SpoolPosition Next);
