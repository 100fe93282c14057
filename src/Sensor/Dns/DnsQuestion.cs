namespace IpLookupSensor.Sensor.Dns;

/// <summary>One entry of the question section (RFC 1035 §4.1.2).</summary>
internal readonly record struct DnsQuestion(TextRange Name, ushort Type, ushort Class);
