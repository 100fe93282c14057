using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// A local resolver's upstream query, held back until the process it asked for is known (or the window ends):
/// the event, the resolver, the answer addresses once its response came, and the outcome.
/// </summary>
internal sealed class HeldLookup(DnsEvent query, EventCopy source)
{
    public EventCopy Event { get; } = Copy(source);

    public ProcessIdentity Resolver { get; } = query.Resolver!;

    public string? ResolverMethod { get; } = query.AttributionMethod;

    public string? ResolverConfidence { get; } = query.AttributionConfidence;

    public Transport Transport { get; } = query.Transport;

    public ushort ResolverPort { get; } = query.SourcePort;

    public ushort MessageId { get; } = query.Message.Id;

    /// <summary>The question name, lower case without a trailing dot.</summary>
    public string Name { get; } = NormalizedName(query.QuestionName);

    public long HeldAt { get; } = query.Timestamp;

    public List<IpAddressValue> Answers { get; } = [];

    /// <summary>When the response came back to the resolver; 0 before.</summary>
    public long AnsweredAt { get; set; }

    /// <summary>Who asked, once a connection to an answer named it.</summary>
    public ProcessIdentity? Requester { get; set; }

    public string? Confidence { get; set; }

    /// <summary>How the requester was found: answer_correlation or etw_dns_client.</summary>
    public string? Method { get; set; }

    /// <summary>Named by a connection, but held a little longer for the DNS Client's events, which are surer.</summary>
    public bool Tentative { get; set; }

    /// <summary>How many processes could have asked, when more than one could.</summary>
    public int? Candidates { get; set; }

    /// <summary>
    /// The upstream copy of a lookup a process asked a local stub for: that process was named already.
    /// </summary>
    public bool Forwarded { get; set; }

    public static string NormalizedName(ReadOnlySpan<char> name) => name.TrimEnd('.').ToString().ToLowerInvariant();

    /// <summary>The attribution this lookup ends with: via_resolver with the requester, or resolver_only.</summary>
    public void ApplyTo(DnsEvent e)
    {
        e.Resolver = Resolver;
        if (Requester is { } requester)
        {
            (e.Attribution, e.Process, e.AttributionMethod, e.AttributionConfidence, e.AttributionCandidates) = (
                AttributionStatus.ViaResolver,
                requester,
                Method,
                Confidence,
                Candidates
            );
        }
        else
        {
            (e.Attribution, e.AttributionMethod, e.AttributionConfidence, e.AttributionReason) = (
                AttributionStatus.ResolverOnly,
                ResolverMethod,
                ResolverConfidence,
                Forwarded ? "forwarded" : "resolver_uncorrelated"
            );
        }
    }

    private static EventCopy Copy(EventCopy source)
    {
        var copy = new EventCopy();
        copy.CopyFrom(source);
        return copy;
    }
}
