using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>Reads the index-th text value of a field of an event as a span into the event's own storage.</summary>
internal delegate bool TextSpanGetter(DnsEvent e, int index, out ReadOnlySpan<char> text);
