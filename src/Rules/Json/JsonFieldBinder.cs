using IpLookupSensor.Rules.Runtime;

namespace IpLookupSensor.Rules.Json;

/// <summary>Binds any path: a JSON event may hold any field, and a missing one is simply null.</summary>
public sealed class JsonFieldBinder : IFieldBinder<JsonEvent>
{
    public static readonly JsonFieldBinder Instance = new();

    public FieldAccessor<JsonEvent> Bind(string path) => new JsonFieldAccessor(path);

    private sealed class JsonFieldAccessor(string path) : FieldAccessor<JsonEvent>(path)
    {
        public override int Count(JsonEvent e) => e.Values(Path).Length;

        public override EqlValue Get(JsonEvent e, int index) => e.Values(Path)[index];
    }
}
