using System.Globalization;

namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// Mnemonics for types, classes, opcodes and response codes (IANA DNS parameters). Unknown values are written as
/// RFC 3597's TYPEnnn / CLASSnnn, and as plain numbers for opcodes and rcodes, into the caller's buffer.
/// </summary>
internal static class DnsNames
{
    private static readonly Dictionary<ushort, string> s_types = new()
    {
        [1] = "A",
        [2] = "NS",
        [5] = "CNAME",
        [6] = "SOA",
        [12] = "PTR",
        [13] = "HINFO",
        [15] = "MX",
        [16] = "TXT",
        [17] = "RP",
        [18] = "AFSDB",
        [24] = "SIG",
        [25] = "KEY",
        [28] = "AAAA",
        [29] = "LOC",
        [33] = "SRV",
        [35] = "NAPTR",
        [36] = "KX",
        [37] = "CERT",
        [39] = "DNAME",
        [41] = "OPT",
        [42] = "APL",
        [43] = "DS",
        [44] = "SSHFP",
        [45] = "IPSECKEY",
        [46] = "RRSIG",
        [47] = "NSEC",
        [48] = "DNSKEY",
        [49] = "DHCID",
        [50] = "NSEC3",
        [51] = "NSEC3PARAM",
        [52] = "TLSA",
        [53] = "SMIMEA",
        [55] = "HIP",
        [59] = "CDS",
        [60] = "CDNSKEY",
        [61] = "OPENPGPKEY",
        [62] = "CSYNC",
        [63] = "ZONEMD",
        [64] = "SVCB",
        [65] = "HTTPS",
        [99] = "SPF",
        [108] = "EUI48",
        [109] = "EUI64",
        [249] = "TKEY",
        [250] = "TSIG",
        [251] = "IXFR",
        [252] = "AXFR",
        [255] = "ANY",
        [256] = "URI",
        [257] = "CAA",
    };

    private static readonly string[] s_opcodes = ["QUERY", "IQUERY", "STATUS", "3", "NOTIFY", "UPDATE", "DSO"];

    private static readonly string[] s_rcodes =
    [
        "NOERROR",
        "FORMERR",
        "SERVFAIL",
        "NXDOMAIN",
        "NOTIMP",
        "REFUSED",
        "YXDOMAIN",
        "YXRRSET",
        "NXRRSET",
        "NOTAUTH",
        "NOTZONE",
        "DSOTYPENI",
        "12",
        "13",
        "14",
        "15",
        "BADVERS",
        "BADKEY",
        "BADTIME",
        "BADMODE",
        "BADNAME",
        "BADALG",
        "BADTRUNC",
        "BADCOOKIE",
    ];

    public static int FormatType(ushort type, Span<char> destination) =>
        s_types.TryGetValue(type, out string? name) ? Copy(name, destination) : Numbered("TYPE", type, destination);

    public static int FormatClass(ushort @class, Span<char> destination) =>
        @class switch
        {
            1 => Copy("IN", destination),
            3 => Copy("CH", destination),
            4 => Copy("HS", destination),
            254 => Copy("NONE", destination),
            255 => Copy("ANY", destination),
            _ => Numbered("CLASS", @class, destination),
        };

    public static int FormatOpcode(int opcode, Span<char> destination) =>
        opcode < s_opcodes.Length ? Copy(s_opcodes[opcode], destination) : Numbered(string.Empty, opcode, destination);

    public static int FormatResponseCode(int rcode, Span<char> destination) =>
        rcode < s_rcodes.Length ? Copy(s_rcodes[rcode], destination) : Numbered(string.Empty, rcode, destination);

    private static int Copy(string text, Span<char> destination)
    {
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }

    private static int Numbered(string prefix, int value, Span<char> destination)
    {
        prefix.AsSpan().CopyTo(destination);
        value.TryFormat(destination[prefix.Length..], out int written, provider: CultureInfo.InvariantCulture);
        return prefix.Length + written;
    }
}
