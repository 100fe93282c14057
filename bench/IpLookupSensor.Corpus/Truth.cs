namespace IpLookupSensor.Corpus;

/// <summary>
/// The counters of what was written, kept frame by frame: the truth file a replay is checked against.
/// </summary>
internal sealed class Truth
{
    private readonly SortedDictionary<string, long> _queryTypes = new(StringComparer.Ordinal);

    public long Frames { get; private set; }
    public long DnsMessages { get; private set; }
    public long Queries { get; private set; }
    public long Responses { get; private set; }
    public long RuleMatchingQueries { get; private set; }
    public long RuleMatchingResponses { get; private set; }
    public long LookupServiceQueries { get; private set; }
    public long NearMissQueries { get; private set; }
    public long NearMissRuleMatches { get; private set; }
    public long TcpDnsMessages { get; private set; }
    public long TcpControlFrames { get; private set; }
    public long Ipv6Frames { get; private set; }
    public long VlanFrames { get; private set; }
    public long EdnsQueries { get; private set; }
    public long NxdomainResponses { get; private set; }
    public long MixedCaseQueries { get; private set; }

    public void Count(in FrameFacts facts)
    {
        Frames++;
        Ipv6Frames += facts.V6 ? 1 : 0;
        VlanFrames += facts.Vlan ? 1 : 0;
        if (facts.Kind == FrameKind.TcpControl)
        {
            TcpControlFrames++;
            return;
        }

        DnsMessages++;
        TcpDnsMessages += facts.Tcp ? 1 : 0;
        bool matches = WatchedNames.MatchesRule(facts.Name!);
        if (facts.Kind == FrameKind.Response)
        {
            Responses++;
            RuleMatchingResponses += matches ? 1 : 0;
            NxdomainResponses += facts.Nxdomain ? 1 : 0;
            return;
        }

        Queries++;
        RuleMatchingQueries += matches ? 1 : 0;
        LookupServiceQueries += WatchedNames.IsLookupService(facts.Name!) ? 1 : 0;
        NearMissQueries += facts.NameKind == NameKind.NearMiss ? 1 : 0;
        NearMissRuleMatches += facts.NameKind == NameKind.NearMiss && matches ? 1 : 0;
        EdnsQueries += facts.Edns ? 1 : 0;
        MixedCaseQueries += facts.MixedCase ? 1 : 0;
        string type = TypeName(facts.Type);
        _queryTypes[type] = _queryTypes.GetValueOrDefault(type) + 1;
    }

    /// <summary>
    /// One "name value" line each, the format of ../shared/bench/dnsgen's truth file where the two share a counter.
    /// </summary>
    public string Format() =>
        string.Join(
            '\n',
            $"frames {Frames}",
            $"dns_messages {DnsMessages}",
            $"queries {Queries}",
            $"responses {Responses}",
            $"unanswered_queries {Queries - Responses}",
            $"rule_matching_queries {RuleMatchingQueries}",
            $"rule_matching_responses {RuleMatchingResponses}",
            $"ip_lookup_service_queries {LookupServiceQueries} (incl. api64.ipify.org, which the rule misses)",
            $"near_miss_queries {NearMissQueries} (of which rule-matching {NearMissRuleMatches})",
            $"tcp_dns_messages {TcpDnsMessages}",
            $"tcp_control_frames {TcpControlFrames}",
            $"ipv6_frames {Ipv6Frames}",
            $"vlan_frames {VlanFrames}",
            $"edns_queries {EdnsQueries}",
            $"nxdomain_responses {NxdomainResponses}",
            $"mixed_case_queries {MixedCaseQueries}",
            $"qtypes {string.Join(' ', _queryTypes.Select(pair => $"{pair.Key}={pair.Value}"))}"
        ) + "\n";

    private static string TypeName(ushort type) =>
        type switch
        {
            DnsMessageBuilder.TypeA => "A",
            DnsMessageBuilder.TypeAaaa => "AAAA",
            DnsMessageBuilder.TypeHttps => "HTTPS",
            DnsMessageBuilder.TypePtr => "PTR",
            DnsMessageBuilder.TypeTxt => "TXT",
            DnsMessageBuilder.TypeMx => "MX",
            DnsMessageBuilder.TypeSrv => "SRV",
            DnsMessageBuilder.TypeNs => "NS",
            DnsMessageBuilder.TypeSoa => "SOA",
            _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
}
