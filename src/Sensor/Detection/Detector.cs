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
    private long _alerts;
    private long _heldBack;

    public long Alerts => Interlocked.Read(ref _alerts);

    public long HeldBack => Interlocked.Read(ref _heldBack);

    public int RuleCount => rules.Count;

    public void OnEvent(DnsEvent dnsEvent)
    {
        // Attribution costs /proc reads: only for events a rule could still match on packet fields alone, or for
        // every event when they are all printed.
        if (attributor is not null && (attributor.AppliesToAll || events is not null || IsCandidate(dnsEvent)))
        {
            attributor.Attribute(dnsEvent);
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

    private bool IsCandidate(DnsEvent e)
    {
        foreach (ActiveRule rule in rules)
        {
            if (rule.PacketConjunctsMatch(e))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the summaries of every window still open: at the end of a replay, or on shutdown.</summary>
    public void Complete()
    {
        var closed = new List<ThrottleSummary>();
        foreach (ActiveRule rule in rules)
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
