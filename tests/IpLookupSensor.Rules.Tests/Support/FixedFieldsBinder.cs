using IpLookupSensor.Rules.Runtime;

namespace IpLookupSensor.Rules.Tests.Support;

/// <summary>A typed binder that knows only some fields, as the sensor's event binder does.</summary>
public sealed class FixedFieldsBinder(params string[] fields) : IFieldBinder<FixedFieldsEvent>
{
    public FieldAccessor<FixedFieldsEvent>? Bind(string path) => fields.Contains(path) ? new Accessor(path) : null;

    private sealed class Accessor(string path) : FieldAccessor<FixedFieldsEvent>(path)
    {
        public override int Count(FixedFieldsEvent e) => e.Values.ContainsKey(Path) ? 1 : 0;

        public override EqlValue Get(FixedFieldsEvent e, int index) => EqlValue.From(e.Values[Path]);
    }
}

public sealed class FixedFieldsEvent
{
    public Dictionary<string, string> Values { get; } = [];
}
