using System.Collections.Concurrent;

namespace IpLookupSensor.Sensor.Dns;

/// <summary>Mnemonics as strings, made once per value, for rule fields that hand strings out.</summary>
internal static class DnsNameCache
{
    private static readonly ConcurrentDictionary<int, string> s_types = new();
    private static readonly ConcurrentDictionary<int, string> s_classes = new();
    private static readonly ConcurrentDictionary<int, string> s_opcodes = new();
    private static readonly ConcurrentDictionary<int, string> s_rcodes = new();

    public static string Type(ushort type) => s_types.GetOrAdd(type, static t => Format(t, DnsNames.FormatType));

    public static string Class(ushort @class) =>
        s_classes.GetOrAdd(@class, static c => Format(c, DnsNames.FormatClass));

    public static string Opcode(int opcode) =>
        s_opcodes.GetOrAdd(opcode, static o => Format(o, (v, d) => DnsNames.FormatOpcode(v, d)));

    public static string ResponseCode(int rcode) =>
        s_rcodes.GetOrAdd(rcode, static r => Format(r, (v, d) => DnsNames.FormatResponseCode(v, d)));

    private static string Format(int value, Func<ushort, Span<char>, int> format)
    {
        Span<char> text = stackalloc char[16];
        return new string(text[..format((ushort)value, text)]);
    }
}
