using System.Text.Json;
using IpLookupSensor.Rules.Runtime;

namespace IpLookupSensor.Rules.Json;

/// <summary>An arbitrary JSON event, with each field's values looked up once per event.</summary>
public sealed class JsonEvent(JsonElement root)
{
    private readonly Dictionary<string, EqlValue[]> _values = new(StringComparer.Ordinal);

    public JsonElement Root { get; } = root;

    internal EqlValue[] Values(string path)
    {
        if (!_values.TryGetValue(path, out EqlValue[]? values))
        {
            var found = new List<EqlValue>();
            Collect(Root, path.Split('.'), 0, found);
            _values[path] = values = [.. found];
        }

        return values;
    }

    // A path may cross nested objects ("process": {"name": …}), literal dotted keys ("process.name": …) or any mix;
    // arrays anywhere along it are flattened, as Elasticsearch indexes them.
    private static void Collect(JsonElement element, string[] segments, int start, List<EqlValue> found)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                Collect(item, segments, start, found);
            }

            return;
        }

        if (start == segments.Length)
        {
            EqlValue value = Scalar(element);
            if (!value.IsNull)
            {
                found.Add(value);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        for (int end = start + 1; end <= segments.Length; end++)
        {
            if (element.TryGetProperty(string.Join('.', segments[start..end]), out JsonElement child))
            {
                Collect(child, segments, end, found);
            }
        }
    }

    private static EqlValue Scalar(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.String => EqlValue.From(element.GetString()),
            JsonValueKind.True => EqlValue.From(true),
            JsonValueKind.False => EqlValue.From(false),
            JsonValueKind.Number => element.TryGetInt64(out long integer)
                ? EqlValue.From(integer)
                : EqlValue.From(element.GetDouble()),
            _ => EqlValue.Null,
        };
}
