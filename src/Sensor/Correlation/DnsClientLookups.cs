using System.Collections.Concurrent;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// The Windows DNS Client service's recent lookups (ETW, docs/attribution.md §2.4 a), and which one explains a
/// held query: the same name (or the one the service devolved it from by appending a suffix), asked up to 5 s before
/// the query left, by another process than the resolver. The latest such call names the requester: high confidence,
/// medium with the count when several processes asked. Lookups are posted from the ETW thread into a bounded
/// hand-off and taken on the attribution thread, which alone reads the rest.
/// </summary>
/// <param name="describeProcess">A process's details from its pid; null when it has gone.</param>
internal sealed class DnsClientLookups(Func<int, ProcessIdentity?> describeProcess)
{
    /// <summary>Lookups waiting to be taken, and kept for matching, at most; kept for at most <see cref="KeptFor"/>.</summary>
    public const int Capacity = 4096;

    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(10);

    // The application's call precedes the service's packet by up to this; the two clocks may disagree by the other.
    private const long AskedBefore = 5_000_000_000;
    private const long AskedAfter = 50_000_000;

    private readonly ConcurrentQueue<DnsClientLookup> _posted = new();
    private readonly List<DnsClientLookup> _recent = []; // oldest first
    private int _postedCount;
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether the service's events have come at all: then they are worth waiting for.</summary>
    public bool Delivering { get; private set; }

    public void Post(DnsClientLookup lookup)
    {
        if (Interlocked.Increment(ref _postedCount) > Capacity)
        {
            Interlocked.Decrement(ref _postedCount);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _posted.Enqueue(lookup);
    }

    /// <summary>Moves the posted lookups among the recent ones; false when there were none.</summary>
    public bool TakePosted()
    {
        bool any = false;
        while (_posted.TryDequeue(out DnsClientLookup lookup))
        {
            Interlocked.Decrement(ref _postedCount);
            _recent.Add(lookup with { QueryName = HeldLookup.NormalizedName(lookup.QueryName) });
            any = Delivering = true;
        }

        if (any)
        {
            long newest = _recent.Max(l => l.Timestamp);
            _recent.RemoveAll(l => newest - l.Timestamp > KeptFor.Ticks * 100);
            if (_recent.Count > Capacity)
            {
                _recent.RemoveRange(0, _recent.Count - Capacity);
            }
        }

        return any;
    }

    /// <summary>Names the held query's requester when a recent lookup explains it (and the requester can still be described).</summary>
    public bool TryName(HeldLookup held)
    {
        DnsClientLookup? latest = null;
        var askers = new HashSet<int>();
        foreach (DnsClientLookup lookup in _recent)
        {
            long before = held.HeldAt - lookup.Timestamp;
            if (lookup.ProcessId != held.Resolver.Pid && before is >= -AskedAfter and <= AskedBefore && Explains(lookup.QueryName, held.Name))
            {
                askers.Add(lookup.ProcessId);
                latest = latest is { } known && known.Timestamp > lookup.Timestamp ? known : lookup;
            }
        }

        if (latest is not { } asked || describeProcess(asked.ProcessId) is not { } requester)
        {
            return false; // nobody asked, or the requester is gone (its lookup may still be named by a connection)
        }

        (held.Requester, held.Method) = (requester, "etw_dns_client");
        (held.Confidence, held.Candidates) = askers.Count == 1 ? ("high", (int?)null) : ("medium", askers.Count);
        return true;
    }

    // The service may append a search suffix to what the application asked: the wire name then extends it.
    private static bool Explains(string asked, string wire) =>
        wire.Length == asked.Length ? wire == asked : wire.Length > asked.Length && wire[asked.Length] == '.' && wire.StartsWith(asked, StringComparison.Ordinal);
}
