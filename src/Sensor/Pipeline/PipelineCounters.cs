namespace IpLookupSensor.Sensor.Pipeline;

/// <summary>What one pipeline saw and did. Written by its capture thread only; read for summaries.</summary>
internal sealed class PipelineCounters
{
    private readonly long[] _skipped = new long[SkipReasons.Count];

    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    public long DnsMessages { get; private set; }

    public long Queries { get; private set; }

    public long Responses { get; private set; }

    public long Events { get; private set; }

    /// <summary>First packets of TCP connections (SYN), seen for the resolver correlator.</summary>
    public long Connections { get; private set; }

    public ReadOnlySpan<long> Skipped => _skipped;

    public void CountPacket(int bytes)
    {
        Packets++;
        Bytes += bytes;
    }

    public void CountMessage(bool isResponse)
    {
        DnsMessages++;
        if (isResponse)
        {
            Responses++;
        }
        else
        {
            Queries++;
        }
    }

    public void CountEvent() => Events++;

    public void CountConnection() => Connections++;

    public void CountSkip(SkipReason reason) => _skipped[(int)reason]++;

    public void Add(PipelineCounters other)
    {
        Packets += other.Packets;
        Bytes += other.Bytes;
        DnsMessages += other.DnsMessages;
        Queries += other.Queries;
        Responses += other.Responses;
        Events += other.Events;
        Connections += other.Connections;
        for (int i = 0; i < _skipped.Length; i++)
        {
            _skipped[i] += other._skipped[i];
        }
    }
}
