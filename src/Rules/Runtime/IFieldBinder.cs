namespace IpLookupSensor.Rules.Runtime;

/// <summary>Binds field paths of a query to accessors on an event type, once, when the query is compiled.</summary>
public interface IFieldBinder<TEvent>
{
    /// <summary>
    /// The accessor for <paramref name="path"/>, or null when events of this type never have that field.
    /// </summary>
    FieldAccessor<TEvent>? Bind(string path);
}
