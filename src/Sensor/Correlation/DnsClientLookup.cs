namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// A lookup an application asked the Windows DNS Client service for (ETW Microsoft-Windows-DNS-Client, events 3006
/// and 3008): who asked, for what, and when (ns since the epoch, the event's own time, not its late arrival).
/// </summary>
internal readonly record struct DnsClientLookup(long Timestamp, int ProcessId, string QueryName, ushort QueryType);
