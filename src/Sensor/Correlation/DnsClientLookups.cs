using System.Collections.Concurrent;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// The Windows DNS Client service's recent lookups (ETW, docs/attribution.md §2.4 a), and which one explains a
/// held query: the same name (or the one the service devolved it from by appending a suffix), asked up to 5 s before
/// the query left, by another process than the resolver. The latest such call names the requester: high confidence,
/// medium with the count when several processes asked. A lookup no packet came for was answered from the service's
/// cache: it is given back on its own (<see cref="TakeUnexplained"/>). Lookups are posted from the ETW thread into a
/// bounded hand-off and taken on the attribution thread, which alone reads the rest.
/// </summary>
/// <param name="describeProcess">A process's details from its pid; null when it has gone. Read as each lookup
/// arrives, since the caller may exit before its lookup is matched or found to be a cache hit.</param>
internal sealed class DnsClientLookups(Func<int, ProcessIdentity?> describeProcess)
{
    /// <summary>
    /// Lookups waiting to be taken, and kept for matching, at most; kept for at most <see cref="KeptFor"/>.
    /// </summary>
    public const int Capacity = 4096;

    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(10);

    // The application's call precedes the service's packet by up to this; the two clocks may disagree by the other.
    private const long AskedBefore = 5_000_000_000;
    private const long AskedAfter = 50_000_000;

    private readonly ConcurrentQueue<DnsClientLookup> _posted = new();
    private readonly List<DnsClientLookup> _recent = []; // oldest first
    private readonly HashSet<DnsClientLookup> _explained = []; // recent lookups a query's packet came for

    // read when their lookup arrives: they may exit soon
    private readonly Dictionary<int, ProcessIdentity?> _callers = [];
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
            if (!_callers.ContainsKey(lookup.ProcessId))
            {
                _callers[lookup.ProcessId] = describeProcess(lookup.ProcessId);
            }

            any = Delivering = true;
        }

        if (any)
        {
            // events of several processors may arrive out of order
            _recent.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        }

        if (any && _recent.Count > Capacity)
        {
            _recent.RemoveRange(0, _recent.Count - Capacity); // the oldest, explained or not: a flood
        }

        return any;
    }

    /// <summary>
    /// Names the held query's requester when a recent lookup explains it (and the requester can still be described).
    /// </summary>
    public bool TryName(HeldLookup held)
    {
        DnsClientLookup? latest = null;
        var askers = new HashSet<int>();
        foreach (DnsClientLookup lookup in _recent)
        {
            long before = held.HeldAt - lookup.Timestamp;
            if (
                lookup.ProcessId != held.Resolver.Pid
                && before is >= -AskedAfter and <= AskedBefore
                && Explains(lookup.QueryName, held.Name)
            )
            {
                askers.Add(lookup.ProcessId);
                latest = latest is { } known && known.Timestamp > lookup.Timestamp ? known : lookup;
                _explained.Add(lookup); // a packet came for it: not a cache hit
            }
        }

        if (latest is not { } asked || Caller(asked.ProcessId) is not { } requester)
        {
            return false; // nobody asked, or the requester is gone (its lookup may still be named by a connection)
        }

        (held.Requester, held.Method) = (requester, "etw_dns_client");
        (held.Confidence, held.Candidates) = askers.Count == 1 ? ("high", (int?)null) : ("medium", askers.Count);
        return true;
    }

    /// <summary>
    /// The lookups no packet came for within <see cref="KeptFor"/> of <paramref name="now"/>: the service answered
    /// them from its cache, so they are known from its events alone. One for each caller and name a second (the
    /// service logs a call's start and its end), with the caller; those whose caller is gone are dropped.
    /// </summary>
    public void TakeUnexplained(long now, List<(DnsClientLookup Lookup, ProcessIdentity Requester)> into)
    {
        long before = now - (KeptFor.Ticks * 100);
        int old = 0;
        while (old < _recent.Count && _recent[old].Timestamp < before)
        {
            old++;
        }

        var given = new Dictionary<(int, string), long>();
        foreach (DnsClientLookup lookup in _recent.Take(old))
        {
            bool sameCall =
                given.TryGetValue((lookup.ProcessId, lookup.QueryName), out long at)
                && lookup.Timestamp - at < 1_000_000_000;
            if (!_explained.Contains(lookup) && !sameCall && Caller(lookup.ProcessId) is { } requester)
            {
                into.Add((lookup, requester));
                given[(lookup.ProcessId, lookup.QueryName)] = lookup.Timestamp;
            }
        }

        foreach (DnsClientLookup gone in _recent.Take(old))
        {
            _explained.Remove(gone);
        }

        _recent.RemoveRange(0, old);
        var stillAsking = _recent.Select(l => l.ProcessId).ToHashSet();
        foreach (int pid in _callers.Keys.Where(pid => !stillAsking.Contains(pid)).ToList())
        {
            _callers.Remove(pid); // no recent lookup of its own: a later one is read again (pids are reused)
        }
    }

    private ProcessIdentity? Caller(int pid) => _callers.GetValueOrDefault(pid) ?? describeProcess(pid);

    // The service may append a search suffix to what the application asked: the wire name then extends it.
    private static bool Explains(string asked, string wire) =>
        wire.Length == asked.Length
            ? wire == asked
            : wire.Length > asked.Length
                && wire[asked.Length] == '.'
                && wire.StartsWith(asked, StringComparison.Ordinal);
}
