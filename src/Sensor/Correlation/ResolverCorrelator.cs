using System.Net;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// Recovers who asked a local resolver (docs/attribution.md §2.4 b, answer-to-connection): the resolver's
/// upstream query is held; its response gives the answer addresses; the first local process that then opens a
/// connection to one of them is the requester (via_resolver). A lookup that no connection follows within the
/// window goes out as it was, resolver_only. A storm cannot grow it: at most <c>capacity</c> lookups are held, and
/// the oldest goes out first. Holding and releasing happen on the attribution thread; answers come from the capture
/// thread, which checks <see cref="AwaitingAnswers"/> and <see cref="Watches"/> without taking the lock.
/// </summary>
internal sealed class ResolverCorrelator(TimeSpan window, int capacity = ResolverCorrelator.DefaultCapacity)
{
    public const int DefaultCapacity = 1024;

    // A/AAAA and the other queries a resolver sends for one lookup leave within this of each other.
    private const long SiblingNanoseconds = 1_000_000_000;

    private readonly long _window = window.Ticks * 100;
    private readonly List<HeldLookup> _held = []; // oldest first
    private readonly Lock _lock = new();
    private HashSet<IpAddressValue> _watched = []; // replaced whole, read without the lock
    private int _awaitingAnswers;
    private long _correlated;
    private long _uncorrelated;

    public bool AwaitingAnswers => Volatile.Read(ref _awaitingAnswers) > 0;

    public long Correlated => Interlocked.Read(ref _correlated);

    public long Uncorrelated => Interlocked.Read(ref _uncorrelated);

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

    /// <summary>Whether a held lookup was answered with <paramref name="address"/>: a connection to it is worth a lookup.</summary>
    public bool Watches(IpAddressValue address)
    {
        HashSet<IpAddressValue> watched = Volatile.Read(ref _watched);
        return watched.Count > 0 && watched.Contains(address);
    }

    /// <summary>Holds a resolver's query (attributed resolver_only, copied from <paramref name="source"/>); a full hold lets the oldest go.</summary>
    public void Hold(DnsEvent query, EventCopy source, List<HeldLookup> released)
    {
        var held = new HeldLookup(query, source);
        lock (_lock)
        {
            if (_held.Count >= capacity)
            {
                Release(0, released);
            }

            _held.Add(held);
            _awaitingAnswers++;
        }
    }

    /// <summary>A response on its way to a resolver: the answer addresses of the held query it answers, if any.</summary>
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
                if (held.AnsweredAt == 0 && held.Transport == response.Transport && held.ResolverPort == response.DestinationPort &&
                    held.MessageId == response.Message.Id && SameName(held.Name, response.QuestionName))
                {
                    held.AnsweredAt = Math.Max(response.Timestamp, 1);
                    AddAddresses(response, held.Answers);
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
            long firstHeld = long.MaxValue, lastHeld = long.MinValue;
            foreach (HeldLookup held in _held)
            {
                if (held.AnsweredAt != 0 && held.AnsweredAt <= connection.Timestamp && connection.Timestamp - held.HeldAt <= _window &&
                    held.Answers.Contains(connection.Remote))
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
            for (int i = 0; i < _held.Count;)
            {
                HeldLookup held = _held[i];
                if (names.Contains(held.Name) && held.HeldAt >= firstHeld - SiblingNanoseconds && held.HeldAt <= lastHeld + SiblingNanoseconds)
                {
                    (held.Requester, held.Confidence) = (owner, confidence);
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

    /// <summary>Lets go, resolver_only, every lookup held longer than the window at <paramref name="now"/> (ns since the epoch).</summary>
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

    private static void AddAddresses(DnsEvent response, List<IpAddressValue> into)
    {
        Span<byte> bytes = stackalloc byte[16];
        foreach (Dns.DnsRecord record in response.Message.Answers)
        {
            if (record.IsAddress && IPAddress.TryParse(response.Message.Text(record.Data), out IPAddress? address) &&
                address.TryWriteBytes(bytes, out int written))
            {
                into.Add(IpAddressValue.From(bytes[..written]));
            }
        }
    }
}
