namespace IpLookupSensor.Sensor.Dns;

/// <summary>A slice of a <see cref="DnsMessage"/>'s text buffer: a name or an address in presentation form.</summary>
internal readonly record struct TextRange(int Start, int Length)
{
    public bool IsEmpty => Length == 0;
}
