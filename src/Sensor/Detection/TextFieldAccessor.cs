using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>Text fields read as spans: testing them against a rule allocates nothing.</summary>
internal sealed class TextFieldAccessor(string path, Func<DnsEvent, int> count, TextSpanGetter get)
    : FieldAccessor<DnsEvent>(path)
{
    public override int Count(DnsEvent e) => count(e);

    public override EqlValue Get(DnsEvent e, int index) =>
        get(e, index, out ReadOnlySpan<char> text) ? EqlValue.From(text.ToString()) : EqlValue.Null;

    public override bool TryGetText(DnsEvent e, int index, out ReadOnlySpan<char> text) => get(e, index, out text);
}
