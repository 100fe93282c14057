namespace IpLookupSensor.Rules.Runtime;

/// <summary>Three-valued logic: a comparison with a missing value is <see cref="Null"/>, not false.</summary>
public enum Truth : byte
{
    False,
    True,
    Null,
}
