using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>A loaded rule compiled against the DNS event.</summary>
internal sealed class ActiveRule
{
    private readonly Conjunct<DnsEvent>[] _packetConjuncts;

    private readonly FieldAccessor<DnsEvent>[] _groupBy;

    public ActiveRule(DetectionRule rule, CompiledQuery<DnsEvent> query, FieldAccessor<DnsEvent>[] groupBy)
    {
        Rule = rule;
        Query = query;
        _groupBy = groupBy;
        _packetConjuncts = [.. query.Conjuncts.Where(c => !c.Fields.Any(DnsEventFieldBinder.NeedsAttribution))];
    }

    public DetectionRule Rule { get; }

    public CompiledQuery<DnsEvent> Query { get; }

    /// <summary>
    /// The conjuncts that read only packet fields: what must hold before attribution is worth its cost.
    /// </summary>
    public IReadOnlyList<Conjunct<DnsEvent>> PacketConjuncts => _packetConjuncts;

    /// <summary>The alert_suppression group of an event: its group_by values, or null when the rule has none.</summary>
    public string? SuppressionGroup(DnsEvent e)
    {
        if (_groupBy.Length == 0)
        {
            return null;
        }

        var key = new System.Text.StringBuilder();
        foreach (FieldAccessor<DnsEvent> field in _groupBy)
        {
            int count = field.Count(e);
            for (int i = 0; i < count; i++)
            {
                key.Append(field.Get(e, i).ToText()).Append(i + 1 < count ? "," : string.Empty);
            }

            key.Append('\u001f');
        }

        return key.ToString(0, key.Length - 1);
    }

    public bool PacketConjunctsMatch(DnsEvent e)
    {
        foreach (Conjunct<DnsEvent> conjunct in _packetConjuncts)
        {
            if (!conjunct.CanMatch(e))
            {
                return false;
            }
        }

        return true;
    }
}
