namespace IpLookupSensor.Corpus;

/// <summary>
/// SplitMix64: a tiny generator whose sequence depends on the seed alone, on every platform and runtime.
/// </summary>
internal struct SplitMix(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ result &lt; <paramref name="bound"/>.</summary>
    public int Below(int bound) => (int)(((Next() >> 32) * (ulong)bound) >> 32);

    /// <summary>True with probability <paramref name="percent"/> / 100.</summary>
    public bool Percent(double percent) => (Next() >> 11) * (1.0 / (1UL << 53)) * 100 < percent;

    /// <summary>
    /// Index into a list ordered by popularity: the first entries come up far more often (roughly Zipf).
    /// </summary>
    public int Popular(int count)
    {
        double u = (Next() >> 11) * (1.0 / (1UL << 53));
        return Math.Min(count - 1, (int)(count * u * u * u));
    }
}
