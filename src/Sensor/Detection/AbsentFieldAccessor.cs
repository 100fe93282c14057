using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// A field of the event schema that no source fills yet (process.args, process.parent.*, host.*): rules may name
/// it, and it is missing.
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
