using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>Number fields (ports, ids).</summary>
internal sealed class IntegerFieldAccessor(string path, Func<DnsEvent, long?> get) : FieldAccessor<DnsEvent>(path)
{
    public override int Count(DnsEvent e) => get(e).HasValue ? 1 : 0;

    public override EqlValue Get(DnsEvent e, int index) => get(e) is long value ? EqlValue.From(value) : EqlValue.Null;
}
