namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// A checked answer record as the decoder found it: offsets into the message, so its name and data are rendered as
/// text only when something reads <see cref="DnsMessage.Answers"/> (most messages are never looked at that closely).
/// </summary>
internal readonly record struct AnswerOnWire(
    int NameOffset,
    ushort Type,
    ushort Class,
    uint Ttl,
    ushort DataLength,
    int DataOffset,
    AnswerData Data
);

/// <summary>How an answer's RDATA is shown: an address, a name (CNAME, PTR), or not at all.</summary>
internal enum AnswerData : byte
{
    None,
    Address,
    Name,
}
