using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

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
