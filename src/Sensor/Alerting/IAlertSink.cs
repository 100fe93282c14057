namespace IpLookupSensor.Sensor.Alerting;

/// <summary>Where alerts go: stdout as NDJSON, or syslog destinations. Called from any capture thread.</summary>
internal interface IAlertSink
{
    void Publish(Alert alert);
}
