using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// Runs every active rule on each event and publishes alerts (and held-back summaries): on the capture thread, or,
/// for events that need attribution when a <paramref name="queue"/> is given, on the attribution thread. Events pass
/// on first to <paramref name="events"/> (the --events printer), so an alert follows its event. With a
/// <paramref name="correlator"/>, a local resolver's upstream query waits there until who asked it is known; the
/// <paramref name="recorder"/> then writes each event's final attribution.
/// </summary>
internal sealed class Detector(
    IReadOnlyList<ActiveRule> rules,
    IAlertSink alerts,
    AlertFactory factory,
    IDnsEventSink? events,
    Enrichment.IEventAttributor? attributor = null,
    AttributionQueue? queue = null,
    ResolverCorrelator? correlator = null,
    Enrichment.AttributionRecorder? recorder = null
) : IWireEventSink, IAttributionWorker, IConnectionSink
{
    private readonly long[] _attributed = new long[Enum.GetValues<AttributionStatus>().Length];
    private RuleSet _rules = new(rules); // swapped whole by ReplaceRules
    private long _alerts;
    private long _heldBack;
    private long _candidates;
    private long _overloaded;
    private readonly ResolverCorrelation? _correlation =
        correlator is null || queue is null
            ? null
            : new ResolverCorrelation(correlator, queue, attributor as IConnectionOwnerResolver);
    private Action<DnsEvent>? _finish;

    [ThreadStatic]
    private static List<ThrottleSummary>? t_closed; // Raise runs on the capture thread and the attribution thread

    public long Alerts => Interlocked.Read(ref _alerts);

    public long HeldBack => Interlocked.Read(ref _heldBack);

    public int RuleCount => _rules.Rules.Length;

    /// <summary>Events a rule could match on packet fields alone: those attribution ran for.</summary>
    public long Candidates => Interlocked.Read(ref _candidates);

    /// <summary>Events left unattributed because the attribution queue was full.</summary>
    public long Overloaded => Interlocked.Read(ref _overloaded);

    /// <summary>The resolver correlator, in host mode unless turned off.</summary>
    public ResolverCorrelator? Correlator => _correlation?.Correlator;

    /// <summary>How many events attribution gave each status.</summary>
    public long Attributed(AttributionStatus status) => Interlocked.Read(ref _attributed[(int)status]);

    /// <summary>
    /// Swaps in a new rule set (hot reload) without stopping capture: each event sees the old set or the new one
    /// whole. The new rules start with fresh throttle windows.
    /// </summary>
    public void ReplaceRules(IReadOnlyList<ActiveRule> replacement)
    {
        RuleSet previous = Interlocked.Exchange(ref _rules, new RuleSet(replacement));
        var closed = new List<ThrottleSummary>(); // what the old rules held back is still reported
        previous.FlushThrottles(closed);

        closed.ForEach(WriteSummary);
    }

    public void OnEvent(DnsEvent dnsEvent) => OnEvent(dnsEvent, default);

    public void OnEvent(DnsEvent dnsEvent, ReadOnlySpan<byte> wire)
    {
        // Attribution costs /proc reads: only for events a rule could still match on packet fields alone, or for
        // every event when they are all printed. With a queue it runs on its own thread; a full queue never makes
        // capture wait: the event goes on unattributed, reason overload.
        RuleSet rules = Volatile.Read(ref _rules);
        bool anyCanMatch = rules.AnyCanMatch(dnsEvent); // packet fields only: attribution cannot change it
        bool answersFollow = _correlation?.MustFollow(dnsEvent) == true;
        if (
            attributor is not null
            && (attributor.AppliesToAll || events is not null || IsCandidate(rules, dnsEvent, anyCanMatch))
        )
        {
            if (queue is null || wire.IsEmpty)
            {
                Attribute(dnsEvent);
            }
            else if (queue.TryEnqueue(dnsEvent, wire))
            {
                _correlation?.Queued(dnsEvent);
                return;
            }
            else
            {
                Interlocked.Increment(ref _overloaded);
                dnsEvent.Attribution = AttributionStatus.Unattributed;
                dnsEvent.AttributionReason = "overload";
                Count(dnsEvent);
            }
        }
        else if (answersFollow && !queue!.TryEnqueue(dnsEvent, wire, answerOnly: true))
        {
            Interlocked.Increment(ref _overloaded);
        }

        Detect(rules, dnsEvent, anyCanMatch);
    }

    /// <summary>The attribution thread's half of <see cref="OnEvent(DnsEvent, ReadOnlySpan{byte})"/>.</summary>
    public void OnQueuedEvent(DnsEvent dnsEvent, EventCopy source)
    {
        _correlation?.OnAnswer(dnsEvent);
        attributor!.Attribute(dnsEvent);
        if (_correlation?.TryHold(dnsEvent, source, Finish) != true)
        {
            Finish(dnsEvent);
        }
    }

    /// <summary>
    /// A response to a queued query, after it in the queue: the correlator takes the answers of a held one.
    /// </summary>
    public void OnQueuedAnswer(DnsEvent dnsEvent) => _correlation?.OnAnswer(dnsEvent);

    public bool WantsConnections => _correlation is not null;

    /// <summary>
    /// A connection to an address a queued lookup was answered with: from the capture thread to the attribution thread.
    /// </summary>
    public void OnConnectionAttempt(in ConnectionAttempt connection)
    {
        if (_correlation?.OnConnectionAttempt(connection) == false)
        {
            Interlocked.Increment(ref _overloaded);
        }
    }

    public void OnQueuedConnection(ConnectionAttempt connection) => _correlation?.OnConnection(connection, Finish);

    public void OnTick() => _correlation?.OnTick(Finish);

    // An attributed event's end, whichever thread and however late: counted, recorded, then the rules. One delegate.
    private Action<DnsEvent> Finish =>
        _finish ??= e =>
        {
            RuleSet rules = Volatile.Read(ref _rules);
            bool anyCanMatch = rules.AnyCanMatch(e);
            if (!e.FromPacket && events is null && !IsCandidate(rules, e, anyCanMatch))
            {
                return; // a lookup from the DNS Client's cache that no rule can match: nothing to show
            }

            Count(e);
            Detect(rules, e, anyCanMatch);
        };

    private void Attribute(DnsEvent dnsEvent)
    {
        attributor!.Attribute(dnsEvent);
        Count(dnsEvent);
    }

    // Once per attributed event, with its final status: counted, and written for replay with --record-attribution.
    private void Count(DnsEvent dnsEvent)
    {
        Interlocked.Increment(ref _attributed[(int)dnsEvent.Attribution]);
        recorder?.Record(dnsEvent);
    }

    private void Detect(RuleSet rules, DnsEvent dnsEvent, bool anyCanMatch)
    {
        events?.OnEvent(dnsEvent);
        if (!anyCanMatch)
        {
            return;
        }

        for (int i = 0; i < rules.Rules.Length; i++)
        {
            if (rules.Rules[i].Query.Matches(dnsEvent))
            {
                Raise(rules.Rules[i], rules.Throttles[i], dnsEvent);
            }
        }
    }

    private bool IsCandidate(RuleSet rules, DnsEvent e, bool anyCanMatch)
    {
        if (!anyCanMatch)
        {
            return false;
        }

        foreach (ActiveRule rule in rules.Rules)
        {
            if (rule.PacketConjunctsMatch(e))
            {
                Interlocked.Increment(ref _candidates);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Finishes what is queued, then writes the summaries of every window still open (end of a replay, shutdown).
    /// </summary>
    public void Complete()
    {
        queue?.Drain();
        _correlation?.Complete(Finish);

        var closed = new List<ThrottleSummary>();
        _rules.FlushThrottles(closed);

        closed.ForEach(WriteSummary);
    }

    private void Raise(ActiveRule rule, AlertThrottle throttle, DnsEvent e)
    {
        // A flood of matches (1% of a capture, all but 100 per window held back) must not make garbage per match:
        // it grew a 30M-packet replay's memory by 10 MiB before the first collection.
        List<ThrottleSummary> closed = t_closed ??= [];
        closed.Clear();
        ThrottleDecision decision = throttle.Admit(e.Timestamp, rule.SuppressionGroup(e), closed);
        foreach (ThrottleSummary summary in closed)
        {
            WriteSummary(summary);
        }

        if (decision == ThrottleDecision.Alert)
        {
            Interlocked.Increment(ref _alerts);
            alerts.Publish(factory.FromMatch(e, rule.Rule));
        }
        else
        {
            Interlocked.Increment(ref _heldBack);
        }
    }

    private void WriteSummary(ThrottleSummary summary) => alerts.Publish(factory.FromSummary(summary));
}
