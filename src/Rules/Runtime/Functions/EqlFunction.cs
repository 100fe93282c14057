namespace IpLookupSensor.Rules.Runtime.Functions;

/// <summary>Evaluates a function on its argument values (multi-valued fields pass their first value).</summary>
internal delegate EqlValue EqlFunctionBody(ReadOnlySpan<EqlValue> arguments, bool ignoreCase);

/// <summary>
/// A built-in function: its canonical name, arity, whether it has a <c>~</c> variant, and what it returns.
/// </summary>
internal sealed record EqlFunction(
    string Name,
    int MinArguments,
    int MaxArguments,
    bool HasInsensitiveVariant,
    bool ReturnsBoolean,
    EqlFunctionBody Body
);
