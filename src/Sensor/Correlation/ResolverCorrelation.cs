using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// Where the resolver correlation sits in the pipeline. On the capture threads: which responses and connections must
/// follow a queued query through the attribution queue, however far attribution lags. On the attribution thread:
/// a resolver's query is held, and each held query let go (named, expired, forwarded) is decoded again, given what
/// was learnt, and handed to <c>finish</c> (counted, recorded, detected), one at a time.
/// </summary>
internal sealed class ResolverCorrelation(
    ResolverCorrelator correlator,
    AttributionQueue queue,
    IConnectionOwnerResolver? owners
)
{
    private readonly LookupsInFlight _inFlight = new(correlator.Window);
    private readonly DnsEvent _released = new(new DnsMessage());
    private readonly List<HeldLookup> _releasing = [];
    private readonly List<(DnsClientLookup Lookup, ProcessIdentity Requester)> _cacheHits = [];
    private readonly byte[] _query = new byte[DnsQueryWire.MaxLength];
    private readonly Lock _lock = new();

    public ResolverCorrelator Correlator => correlator;

    /// <summary>
    /// Capture thread: whether a response answers a queued query, and must follow it for its answers.
    /// </summary>
    public bool MustFollow(DnsEvent response) => !response.IsQuery && _inFlight.TryTakeResponse(response);

    /// <summary>Capture thread: an event went into the attribution queue.</summary>
    public void Queued(DnsEvent e)
    {
        if (e.IsQuery)
        {
            _inFlight.AddQuery(e);
        }
    }

    /// <summary>
    /// Capture thread: queues a connection to an address a queued query was answered with; false when the queue was
    /// full.
    /// </summary>
    public bool OnConnectionAttempt(in ConnectionAttempt connection) =>
        !_inFlight.WasAnswered(connection.Remote, connection.Timestamp) || queue.TryEnqueue(connection);

    public void OnAnswer(DnsEvent response)
    {
        if (correlator.AwaitingAnswers && !response.IsQuery)
        {
            correlator.OnAnswer(response);
        }
    }

    /// <summary>
    /// Holds a resolver's query (true: the caller is done with it); notes a process's own query to a stub.
    /// </summary>
    public bool TryHold(DnsEvent e, EventCopy source, Action<DnsEvent> finish)
    {
        if (e is { Attribution: AttributionStatus.ResolverOnly, IsQuery: true, HasQuestion: true })
        {
            lock (_lock)
            {
                correlator.Hold(e, source, _releasing);
                Release(finish);
            }

            return true;
        }

        if (e.Attribution == AttributionStatus.Direct)
        {
            correlator.NoteStubQuery(e);
        }

        return false;
    }

    public void OnConnection(ConnectionAttempt connection, Action<DnsEvent> finish)
    {
        if (correlator.Watches(connection.Remote) && owners?.OwnerOf(connection) is { } owner)
        {
            lock (_lock)
            {
                correlator.OnConnection(connection, owner, _releasing);
                Release(finish);
            }
        }
    }

    public void OnTick(Action<DnsEvent> finish)
    {
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        lock (_lock)
        {
            correlator.TakeDnsClientLookups(_releasing);
            correlator.Expire(now, _releasing);
            Release(finish);
            correlator.TakeCacheHits(now, _cacheHits);
            foreach ((DnsClientLookup lookup, ProcessIdentity requester) in _cacheHits)
            {
                FinishCacheHit(lookup, requester, finish);
            }

            _cacheHits.Clear();
        }
    }

    /// <summary>The end of a run: everything still held goes, resolver_only.</summary>
    public void Complete(Action<DnsEvent> finish)
    {
        lock (_lock)
        {
            correlator.ReleaseAll(_releasing);
            Release(finish);
        }
    }

    // A lookup the Windows DNS Client answered from its cache: no packet, but the application asked, so it goes on
    // as an event of its own, with the caller and without network fields.
    private void FinishCacheHit(DnsClientLookup lookup, ProcessIdentity requester, Action<DnsEvent> finish)
    {
        int length = DnsQueryWire.Write(lookup.QueryName, lookup.QueryType, _query);
        if (
            length == 0
            || DnsMessageDecoder.Decode(_query.AsSpan(0, length), _released.Message) != Pipeline.SkipReason.None
        )
        {
            return;
        }

        (_released.Timestamp, _released.Precision, _released.FromPacket, _released.QuestionIndex) = (
            lookup.Timestamp,
            Capture.TimestampPrecision.Nanoseconds,
            false,
            0
        );
        _released.ClearAttribution();
        (
            _released.Attribution,
            _released.Process,
            _released.AttributionMethod,
            _released.AttributionConfidence,
            _released.AttributionReason
        ) = (AttributionStatus.ViaResolver, requester, "etw_dns_client", "high", "dns_client_cache");
        finish(_released);
    }

    private void Release(Action<DnsEvent> finish)
    {
        foreach (HeldLookup held in _releasing)
        {
            if (held.Event.CopyTo(_released))
            {
                held.ApplyTo(_released);
                finish(_released);
            }
        }

        _releasing.Clear();
    }
}
