namespace IpLookupSensor.Sensor.Capture;

/// <summary>
/// Live capture cannot start (unknown interface, missing privileges, no libpcap); the message says what to do.
/// </summary>
internal sealed class CaptureSetupException(string message) : Exception(message);
