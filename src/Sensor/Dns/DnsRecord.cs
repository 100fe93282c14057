namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// One answer resource record (RFC 1035 §4.1.3). <see cref="Data"/> holds the RDATA in presentation form for
/// A, AAAA, CNAME and PTR; other types keep only their type and <see cref="DataLength"/>.
/// </summary>
internal readonly record struct DnsRecord(
    TextRange Name,
    ushort Type,
    ushort Class,
    uint Ttl,
    ushort DataLength,
    TextRange Data,
    bool IsAddress
);
