using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// Runs every active rule on each event, on the capture thread, and publishes alerts (and held-back summaries).
/// Events pass on first to <paramref name="events"/> (the --events printer), so an alert follows its event.
/// </summary>
internal sealed class Detector(
    IReadOnlyList<ActiveRule> rules, IAlertSink alerts, AlertFactory factory, IDnsEventSink? events,
    Enrichment.IEventAttributor? attributor = null) : IDnsEventSink
{
    private readonly long[] _attributed = new long[Enum.GetValues<AttributionStatus>().Length];
    private IReadOnlyList<ActiveRule> _rules = rules; // swapped whole by ReplaceRules
    private long _alerts;
    private long _heldBack;
    private long _candidates;

    public long Alerts => Interlocked.Read(ref _alerts);

    public long HeldBack => Interlocked.Read(ref _heldBack);

    public int RuleCount => _rules.Count;

    /// <summary>Events a rule could match on packet fields alone: those attribution ran for.</summary>
    public long Candidates => Interlocked.Read(ref _candidates);

    /// <summary>How many events attribution gave each status.</summary>
    public long Attributed(AttributionStatus status) => Interlocked.Read(ref _attributed[(int)status]);

    /// <summary>
    /// Swaps in a new rule set (hot reload) without stopping capture: each event sees the old set or the new one
    /// whole. The new rules start with fresh throttle windows.
    /// </summary>
    public void ReplaceRules(IReadOnlyList<ActiveRule> replacement)
    {
        IReadOnlyList<ActiveRule> previous = Interlocked.Exchange(ref _rules, replacement);
        var closed = new List<ThrottleSummary>(); // what the old rules held back is still reported
        foreach (ActiveRule rule in previous)
        {
            rule.Throttle.Flush(closed);
        }

        closed.ForEach(WriteSummary);
    }

    public void OnEvent(DnsEvent dnsEvent)
    {
        // Attribution costs /proc reads: only for events a rule could still match on packet fields alone, or for
        // every event when they are all printed.
        IReadOnlyList<ActiveRule> rules = Volatile.Read(ref _rules);
        if (attributor is not null && (attributor.AppliesToAll || events is not null || IsCandidate(rules, dnsEvent)))
        {
            attributor.Attribute(dnsEvent);
            Interlocked.Increment(ref _attributed[(int)dnsEvent.Attribution]);
        }

        events?.OnEvent(dnsEvent);
        foreach (ActiveRule rule in rules)
        {
            if (rule.Query.Matches(dnsEvent))
            {
                Raise(rule, dnsEvent);
            }
        }
    }

    private bool IsCandidate(IReadOnlyList<ActiveRule> rules, DnsEvent e)
    {
        foreach (ActiveRule rule in rules)
        {
            if (rule.PacketConjunctsMatch(e))
            {
                Interlocked.Increment(ref _candidates);
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the summaries of every window still open: at the end of a replay, or on shutdown.</summary>
    public void Complete()
    {
        var closed = new List<ThrottleSummary>();
        foreach (ActiveRule rule in _rules)
        {
            rule.Throttle.Flush(closed);
        }

        closed.ForEach(WriteSummary);
    }

    private void Raise(ActiveRule rule, DnsEvent e)
    {
        var closed = new List<ThrottleSummary>(); // only matching events get here: a handful among thousands
        ThrottleDecision decision = rule.Throttle.Admit(e.Timestamp, rule.SuppressionGroup(e), closed);
        closed.ForEach(WriteSummary);
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
