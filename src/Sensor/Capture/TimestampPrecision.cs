namespace IpLookupSensor.Sensor.Capture;

/// <summary>How many fraction digits a capture's timestamps really have.</summary>
internal enum TimestampPrecision : byte
{
    Microseconds = 6,
    Nanoseconds = 9,
}
