namespace IpLookupSensor.Sensor.Alerting.Syslog.Spool;

/// <summary>A place in the spool: a segment's number and a byte offset in it.</summary>
internal readonly record struct SpoolPosition(long Segment, long Offset) : IComparable<SpoolPosition>
{
    public int CompareTo(SpoolPosition other) =>
        Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    public static bool operator <(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SpoolPosition left, SpoolPosition right) => left.CompareTo(right) >= 0;
}
