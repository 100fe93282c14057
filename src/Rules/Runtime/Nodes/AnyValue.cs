namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// How a test over a possibly multi-valued operand combines: true when any value passes, null when there is no
/// value or a value could not be tested, false otherwise (ES term queries match when any value matches).
/// </summary>
internal static class AnyValue
{
    public static Truth Combine(Truth soFar, Truth next) =>
        soFar == Truth.True || next == Truth.True ? Truth.True
        : soFar == Truth.Null || next == Truth.Null ? Truth.Null
        : Truth.False;
}
