namespace IpLookupSensor.Fuzz;

/// <summary>The size of afl-fuzz's trace map, as SharpFuzz writes it.</summary>
internal static class TraceMap
{
    public const int Size = 1 << 16;
}
