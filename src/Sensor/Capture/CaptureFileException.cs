namespace IpLookupSensor.Sensor.Capture;

/// <summary>A capture file cannot be read, or not to its end. The message names the file and the problem.</summary>
internal sealed class CaptureFileException(string message) : Exception(message);
