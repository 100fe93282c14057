using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// Recovers who asked a local resolver (docs/attribution.md §2.4): the resolver's upstream query is held; on
/// Windows the DNS Client service's events may name the application at once (<see cref="DnsClientLookups"/>);
/// otherwise its response gives the answer addresses, and the first local process that then opens a connection to
/// one of them is the requester (via_resolver). A lookup nothing explains within the window goes out as it was,
/// resolver_only; the upstream copy of a query a process just asked a local stub goes out at once (forwarded). A storm
/// cannot grow it: at most <c>capacity</c> lookups are held, and the oldest goes out first. It runs on the attribution
/// thread, where responses and connections follow their queries through the queue (<see cref="LookupsInFlight"/>).
/// </summary>
/// <param name="describeProcess">A process's details from its pid, for requesters the Windows DNS Client events
/// name.</param>
internal sealed class ResolverCorrelator(
    TimeSpan window,
    int capacity = ResolverCorrelator.DefaultCapacity,
    Func<int, ProcessIdentity?>? describeProcess = null
)
{
    public const int DefaultCapacity = 1024;

    /// <summary>
    /// While the DNS Client's events come (Windows), a lookup a connection named waits this long after its packet
    /// for them (they arrive a second or so late, docs/attribution.md §2.4): they name the caller itself.
    /// </summary>
    public static readonly TimeSpan DnsClientHold = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Names asked of a local stub that are remembered, so its upstream copies are known for what they are.
    /// </summary>
    public const int MaxStubQueries = 4096;

    // A/AAAA and the other queries a resolver sends for one lookup leave within this of each other; a stub
    // forwards a query upstream within this of receiving it.
    private const long SiblingNanoseconds = 1_000_000_000;

    private readonly long _window = window.Ticks * 100;
    private readonly List<HeldLookup> _held = []; // oldest first
    private readonly Lock _lock = new();

    // name → when last asked of a stub
    private readonly Dictionary<string, long> _stubQueries = new(StringComparer.Ordinal);
    private HashSet<IpAddressValue> _watched = []; // replaced whole, read without the lock
    private int _awaitingAnswers;
    private long _correlated;
    private long _uncorrelated;
    private long _forwarded;
    private readonly DnsClientLookups? _dnsClient = describeProcess is null
        ? null
        : new DnsClientLookups(describeProcess);

    public TimeSpan Window => window;

    public bool AwaitingAnswers => Volatile.Read(ref _awaitingAnswers) > 0;

    public long Correlated => Interlocked.Read(ref _correlated);

    public long Uncorrelated => Interlocked.Read(ref _uncorrelated);

    /// <summary>Upstream copies of lookups a process asked a local stub for, attributed directly already.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>DNS Client lookups that did not fit (an ETW flood).</summary>
    public long DnsClientDropped => _dnsClient?.Dropped ?? 0;

    /// <summary>From the ETW session's thread: a lookup an application asked the DNS Client service for.</summary>
    public void Post(DnsClientLookup lookup) => _dnsClient?.Post(lookup);

    /// <summary>Takes the posted DNS Client lookups and lets go each held query one names the requester of.</summary>
    public void TakeDnsClientLookups(List<HeldLookup> released)
    {
        lock (_lock)
        {
            if (_dnsClient?.TakePosted() != true)
            {
                return;
            }

            for (int i = 0; i < _held.Count; )
            {
                if (_dnsClient.TryName(_held[i]))
                {
                    Release(i, released);
                }
                else
                {
                    i++;
                }
            }

            RebuildWatched();
        }
    }

    /// <summary>
    /// The DNS Client lookups answered from its cache by <paramref name="now"/> (no packet came for them).
    /// </summary>
    public void TakeCacheHits(long now, List<(DnsClientLookup Lookup, ProcessIdentity Requester)> into)
    {
        lock (_lock)
        {
            _dnsClient?.TakeUnexplained(now, into);
        }
    }

    /// <summary>
    /// Whether a held lookup was answered with <paramref name="address"/>: a connection to it is worth a lookup.
    /// </summary>
    public bool Watches(IpAddressValue address)
    {
        HashSet<IpAddressValue> watched = Volatile.Read(ref _watched);
        return watched.Count > 0 && watched.Contains(address);
    }

    /// <summary>
    /// A query a process sent to a local stub (127.0.0.53, 127.0.0.1), attributed directly: the stub's upstream
    /// copy that follows must not name the process a second time (a second alert for one lookup).
    /// </summary>
    public void NoteStubQuery(DnsEvent query)
    {
        if (!query.IsQuery || !query.HasQuestion || !query.DestinationIp.IsLoopback)
        {
            return;
        }

        string name = HeldLookup.NormalizedName(query.QuestionName);
        lock (_lock)
        {
            if (_stubQueries.Count >= MaxStubQueries && !_stubQueries.ContainsKey(name))
            {
                _stubQueries.Clear(); // a flood of names: forgetting them costs at most a duplicate via_resolver
            }

            _stubQueries[name] = query.Timestamp;
        }
    }

    /// <summary>
    /// Holds a resolver's query (attributed resolver_only, copied from <paramref name="source"/>); a full hold lets
    /// the oldest go. The copy of a query a process just asked a stub for goes at once, resolver_only, reason
    /// forwarded.
    /// </summary>
    public void Hold(DnsEvent query, EventCopy source, List<HeldLookup> released)
    {
        var held = new HeldLookup(query, source);
        lock (_lock)
        {
            if (
                _stubQueries.TryGetValue(held.Name, out long asked)
                && held.HeldAt - asked is >= 0 and <= SiblingNanoseconds
            )
            {
                held.Forwarded = true;
                Interlocked.Increment(ref _forwarded);
                released.Add(held);
                return;
            }

            if (_dnsClient?.TryName(held) == true)
            {
                Interlocked.Increment(ref _correlated);
                released.Add(held);
                return;
            }

            if (_held.Count >= capacity)
            {
                Release(0, released);
                RebuildWatched();
            }

            _held.Add(held);
            _awaitingAnswers++;
        }
    }

    /// <summary>
    /// A response on its way to a resolver: the answer addresses of the held query it answers, if any.
    /// </summary>
    public void OnAnswer(DnsEvent response)
    {
        if (!response.HasQuestion || response.IsQuery)
        {
            return;
        }

        lock (_lock)
        {
            bool changed = false;
            foreach (HeldLookup held in _held)
            {
                if (
                    held.AnsweredAt == 0
                    && held.Transport == response.Transport
                    && held.ResolverPort == response.DestinationPort
                    && held.MessageId == response.Message.Id
                    && SameName(held.Name, response.QuestionName)
                )
                {
                    held.AnsweredAt = Math.Max(response.Timestamp, 1);
                    AnswerAddresses.AddTo(response, held.Answers);
                    _awaitingAnswers--;
                    changed |= held.Answers.Count > 0;
                }
            }

            if (changed)
            {
                RebuildWatched();
            }
        }
    }

    /// <summary>
    /// <paramref name="owner"/> began a connection to an answer: each held lookup answered with that address before
    /// it is that process's, with the lookups the resolver sent alongside for the same name (A and AAAA). Medium
    /// confidence; low when lookups of several names were answered with the address (shared CDN addresses).
    /// </summary>
    public void OnConnection(ConnectionAttempt connection, ProcessIdentity owner, List<HeldLookup> released)
    {
        lock (_lock)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            long firstHeld = long.MaxValue,
                lastHeld = long.MinValue;
            foreach (HeldLookup held in _held)
            {
                if (
                    held.AnsweredAt != 0
                    && held.AnsweredAt <= connection.Timestamp
                    && connection.Timestamp - held.HeldAt <= _window
                    && held.Answers.Contains(connection.Remote)
                )
                {
                    names.Add(held.Name);
                    (firstHeld, lastHeld) = (Math.Min(firstHeld, held.HeldAt), Math.Max(lastHeld, held.HeldAt));
                }
            }

            if (names.Count == 0)
            {
                return;
            }

            string confidence = names.Count == 1 ? "medium" : "low";
            for (int i = 0; i < _held.Count; )
            {
                HeldLookup held = _held[i];
                if (
                    !held.Tentative
                    && names.Contains(held.Name)
                    && held.HeldAt >= firstHeld - SiblingNanoseconds
                    && held.HeldAt <= lastHeld + SiblingNanoseconds
                )
                {
                    (held.Requester, held.Confidence, held.Method) = (owner, confidence, "answer_correlation");
                    if (
                        _dnsClient?.Delivering == true
                        && connection.Timestamp - held.HeldAt < DnsClientHold.Ticks * 100
                    )
                    {
                        held.Tentative = true;
                        i++;
                        continue;
                    }

                    Release(i, released);
                }
                else
                {
                    i++;
                }
            }

            RebuildWatched();
        }
    }

    /// <summary>
    /// Lets go, resolver_only, every lookup held longer than the window at <paramref name="now"/> (ns since the epoch),
    /// and with the connection's answer every tentative one whose wait for the DNS Client's events is over.
    /// </summary>
    public void Expire(long now, List<HeldLookup> released)
    {
        lock (_lock)
        {
            bool any = false;
            while (_held.Count > 0 && now - _held[0].HeldAt > _window)
            {
                Release(0, released);
                any = true;
            }

            for (int i = 0; i < _held.Count; )
            {
                if (_held[i].Tentative && now - _held[i].HeldAt > DnsClientHold.Ticks * 100)
                {
                    Release(i, released); // the DNS Client's events did not name it: the connection's answer stands
                    any = true;
                }
                else
                {
                    i++;
                }
            }

            if (any)
            {
                RebuildWatched();
            }
        }
    }

    /// <summary>Lets everything go (the end of a run): what was not correlated stays resolver_only.</summary>
    public void ReleaseAll(List<HeldLookup> released)
    {
        lock (_lock)
        {
            while (_held.Count > 0)
            {
                Release(0, released);
            }

            RebuildWatched();
        }
    }

    private void Release(int index, List<HeldLookup> released)
    {
        HeldLookup held = _held[index];
        _held.RemoveAt(index);
        if (held.AnsweredAt == 0)
        {
            _awaitingAnswers--;
        }

        Interlocked.Increment(ref held.Requester is null ? ref _uncorrelated : ref _correlated);
        released.Add(held);
    }

    private void RebuildWatched()
    {
        var watched = new HashSet<IpAddressValue>();
        foreach (HeldLookup held in _held)
        {
            watched.UnionWith(held.Answers);
        }

        Volatile.Write(ref _watched, watched);
    }

    private static bool SameName(string held, ReadOnlySpan<char> name) =>
        name.TrimEnd('.').Equals(held, StringComparison.OrdinalIgnoreCase);
}
