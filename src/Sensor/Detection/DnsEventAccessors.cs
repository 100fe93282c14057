using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>Text fields read as spans: testing them against a rule allocates nothing.</summary>
internal sealed class TextFieldAccessor(string path, Func<DnsEvent, int> count, TextSpanGetter get) : FieldAccessor<DnsEvent>(path)
{
    public override int Count(DnsEvent e) => count(e);

    public override EqlValue Get(DnsEvent e, int index) =>
        get(e, index, out ReadOnlySpan<char> text) ? EqlValue.From(text.ToString()) : EqlValue.Null;

    public override bool TryGetText(DnsEvent e, int index, out ReadOnlySpan<char> text) => get(e, index, out text);
}

/// <summary>A field every DNS event has with the same value (event.category, network.protocol).</summary>
internal sealed class ConstantTextAccessor(string path, string value) : FieldAccessor<DnsEvent>(path)
{
    public override bool TryGetConstant(out EqlValue constant)
    {
        constant = EqlValue.From(value);
        return true;
    }

    public override int Count(DnsEvent e) => 1;

    public override EqlValue Get(DnsEvent e, int index) => EqlValue.From(value);

    public override bool TryGetText(DnsEvent e, int index, out ReadOnlySpan<char> text)
    {
        text = value;
        return true;
    }
}

/// <summary>Number fields (ports, ids).</summary>
internal sealed class IntegerFieldAccessor(string path, Func<DnsEvent, long?> get) : FieldAccessor<DnsEvent>(path)
{
    public override int Count(DnsEvent e) => get(e).HasValue ? 1 : 0;

    public override EqlValue Get(DnsEvent e, int index) => get(e) is long value ? EqlValue.From(value) : EqlValue.Null;
}

/// <summary>
/// A field of the event schema that this event does not carry yet (process and user before attribution, host in
/// replay): rules may name it, and it is missing.
/// </summary>
internal sealed class AbsentFieldAccessor(string path) : FieldAccessor<DnsEvent>(path)
{
    public override bool TryGetConstant(out EqlValue value)
    {
        value = EqlValue.Null;
        return true;
    }

    public override int Count(DnsEvent e) => 0;

    public override EqlValue Get(DnsEvent e, int index) => EqlValue.Null;
}
