namespace IpLookupSensor.Sensor.Dns;

/// <summary>The record types the decoder treats specially (IANA DNS parameters registry).</summary>
internal static class DnsRecordType
{
    public const ushort A = 1;
    public const ushort Cname = 5;
    public const ushort Ptr = 12;
    public const ushort Aaaa = 28;
    public const ushort Opt = 41;
}
