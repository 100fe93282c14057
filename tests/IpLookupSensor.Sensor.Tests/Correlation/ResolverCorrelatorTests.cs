using System.Net;
using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Correlation;

/// <summary>
/// The answer-to-connection correlator on synthetic streams: a resolver's upstream query, its response, then
/// connections from local processes, with the delays, duplicates, spellings and expiry a real host produces.
/// </summary>
public sealed class ResolverCorrelatorTests
{
    private const long Second = 1_000_000_000;
    private const long T0 = 1_800_000_000 * Second;
    private const ushort ResolverPort = 40_000;

    private static readonly ProcessIdentity s_resolver = new(53, "dnsmasq", "/usr/sbin/dnsmasq", "0", "root");
    private static readonly ProcessIdentity s_client = new(4242, "curl", "/usr/bin/curl", "1000", "alice");
    private static readonly IpAddressValue s_answer = TestEvents.Address("198.51.100.7");

    private static readonly ProcessIdentity s_powershell = new(
        78,
        "powershell.exe",
        @"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
        "S-1-5-21-1-2-3-1001",
        "alice"
    );

    // The DNS Client events name pids: 4242 is curl, 78 PowerShell; any other has exited.
    private readonly ResolverCorrelator _correlator = new(
        TimeSpan.FromSeconds(30),
        capacity: 4,
        describeProcess: pid =>
            pid switch
            {
                4242 => s_client,
                78 => s_powershell,
                _ => null,
            }
    );
    private readonly List<HeldLookup> _released = [];

    [Fact]
    public void AConnectionToAnAnswer_NamesTheProcessThatAskedTheResolver()
    {
        Hold(0x1234, "api.ipify.org", T0);
        Answer(0x1234, "api.ipify.org", T0 + Second / 100, "198.51.100.7", "198.51.100.8");
        Assert.True(_correlator.Watches(s_answer));

        Connect("198.51.100.8", T0 + Second / 10, s_client);

        HeldLookup released = Assert.Single(_released);
        Assert.Equal((s_client, "medium"), (released.Requester, released.Confidence));
        DnsEvent e = Decoded(released);
        Assert.Equal(
            (AttributionStatus.ViaResolver, "answer_correlation", s_client, s_resolver),
            (e.Attribution, e.AttributionMethod, e.Process, e.Resolver)
        );
        Assert.Equal("api.ipify.org", e.QuestionName.ToString());
        Assert.Equal(T0, e.Timestamp); // the query's time, not the connection's
        Assert.False(_correlator.Watches(s_answer));
        Assert.Equal((1, 0, 0), (_correlator.Correlated, _correlator.Uncorrelated, _correlator.HeldCount));
    }

    [Fact]
    public void AnAnswerWithAnotherIdPortOrName_IsNotThisLookups()
    {
        Hold(0x1234, "api.ipify.org", T0);
        Answer(0x1235, "api.ipify.org", T0 + 1, "198.51.100.7");
        Answer(0x1234, "api.ipify.org", T0 + 1, "198.51.100.7", port: ResolverPort + 1);
        Answer(0x1234, "ifconfig.me", T0 + 1, "198.51.100.7");

        Assert.False(_correlator.Watches(s_answer));
        Assert.True(_correlator.AwaitingAnswers);
    }

    [Fact]
    public void TheAnswersNameIsMatchedWithoutCase_AsResolversRandomizeIt()
    {
        Hold(7, "aPi.IpIfY.oRg", T0); // 0x20 encoding: the resolver mixes the case, the server echoes it
        Answer(7, "aPi.IpIfY.oRg", T0 + 1, "198.51.100.7");
        Assert.True(_correlator.Watches(s_answer));
        Assert.Equal("api.ipify.org", HeldLookup.NormalizedName("API.Ipify.ORG."));
    }

    [Fact]
    public void AConnectionBeforeTheAnswer_OrToAnotherAddress_NamesNobody()
    {
        Hold(7, "api.ipify.org", T0);
        Answer(7, "api.ipify.org", T0 + Second, "198.51.100.7");

        Connect("198.51.100.7", T0 + Second / 2, s_client); // before the answer: someone else's connection
        Connect("203.0.113.9", T0 + 2 * Second, s_client);

        Assert.Empty(_released);
        Assert.Equal(1, _correlator.HeldCount);
    }

    [Fact]
    public void TheQueriesSentAlongsideForTheSameName_GoWithIt()
    {
        Hold(1, "api.ipify.org", T0); // A
        Hold(2, "api.ipify.org", T0 + 1000, type: 28); // AAAA, answered with nothing the client used
        Hold(3, "icanhazip.com", T0 + 2000); // another lookup, unrelated
        Answer(1, "api.ipify.org", T0 + 5000, "198.51.100.7");

        Connect("198.51.100.7", T0 + Second, s_client);

        Assert.Equal([1, 2], _released.Select(h => (int)h.MessageId));
        Assert.All(_released, h => Assert.Equal(s_client, h.Requester));
        Assert.Equal(1, _correlator.HeldCount);
    }

    [Fact]
    public void AnAddressAnsweringSeveralNames_GivesLowConfidence()
    {
        Hold(1, "api.ipify.org", T0);
        Hold(2, "cdn.example", T0 + 3 * Second);
        Answer(1, "api.ipify.org", T0 + 1, "198.51.100.7");
        Answer(2, "cdn.example", T0 + 3 * Second + 1, "198.51.100.7");

        Connect("198.51.100.7", T0 + 4 * Second, s_client);

        Assert.Equal(2, _released.Count);
        Assert.All(_released, h => Assert.Equal("low", h.Confidence));
    }

    [Fact]
    public void AConnectionAfterTheWindow_NamesNobody_AndExpiryLetsTheLookupGoAsResolverOnly()
    {
        Hold(7, "api.ipify.org", T0);
        Answer(7, "api.ipify.org", T0 + 1, "198.51.100.7");
        Connect("198.51.100.7", T0 + 31 * Second, s_client);
        Assert.Empty(_released);

        _correlator.Expire(T0 + 30 * Second, _released);
        Assert.Empty(_released); // not yet: exactly the window

        _correlator.Expire(T0 + 30 * Second + 1, _released);
        DnsEvent e = Decoded(Assert.Single(_released));
        Assert.Equal(
            (AttributionStatus.ResolverOnly, "resolver_uncorrelated", null, s_resolver),
            (e.Attribution, e.AttributionReason, e.Process, e.Resolver)
        );
        Assert.Equal((0, 1), (_correlator.Correlated, _correlator.Uncorrelated));
    }

    [Fact]
    public void AFullHold_LetsTheOldestGo_SoAStormCannotGrowIt()
    {
        for (ushort id = 1; id <= 6; id++)
        {
            Hold(id, "api.ipify.org", T0 + (id * 10 * Second));
        }

        Assert.Equal(4, _correlator.HeldCount);
        Assert.Equal([1, 2], _released.Select(h => (int)h.MessageId));
        Assert.All(_released, h => Assert.Null(h.Requester));
        Assert.True(_correlator.AwaitingAnswers);

        _correlator.ReleaseAll(_released);
        Assert.Equal(0, _correlator.HeldCount);
        Assert.False(_correlator.AwaitingAnswers);
    }

    [Fact]
    public void TheUpstreamCopyOfAQueryAskedOfALocalStub_GoesAtOnceAsForwarded()
    {
        DnsEvent asked = TestEvents.Udp(DnsWire.Query(9, "api.ipify.org"), T0, "127.0.0.1", 51_000, "127.0.0.53", 53);
        _correlator.NoteStubQuery(asked);
        _correlator.NoteStubQuery(
            TestEvents.Udp(DnsWire.Query(10, "icanhazip.com"), T0, "10.0.0.2", 51_001, "192.0.2.53", 53)
        ); // not a stub

        Hold(1, "api.ipify.org", T0 + Second / 1000);
        Hold(2, "icanhazip.com", T0 + Second / 1000);
        Hold(3, "api.ipify.org", T0 + 5 * Second); // a later lookup nobody asked the stub for

        DnsEvent e = Decoded(Assert.Single(_released));
        Assert.Equal(
            (AttributionStatus.ResolverOnly, "forwarded", null),
            (e.Attribution, e.AttributionReason, e.Process)
        );
        Assert.Equal((1L, 2), (_correlator.Forwarded, _correlator.HeldCount));
    }

    [Fact]
    public void ADnsClientEventThatArrivesSecondsLate_NamesTheApplicationWithHighConfidence()
    {
        Hold(1, "api.ipify.org", T0);
        _correlator.TakeDnsClientLookups(_released);
        Assert.Empty(_released);

        // stamped just before the packet, delivered later
        _correlator.Post(new DnsClientLookup(T0 - Second / 100, 4242, "api.ipify.org", 1));
        _correlator.TakeDnsClientLookups(_released);

        DnsEvent e = Decoded(Assert.Single(_released));
        Assert.Equal(
            (AttributionStatus.ViaResolver, "etw_dns_client", "high", s_client, s_resolver),
            (e.Attribution, e.AttributionMethod, e.AttributionConfidence, e.Process, e.Resolver)
        );
        Assert.Null(e.AttributionCandidates);
    }

    [Fact]
    public void ADnsClientEventTakenBeforeTheQueryIsHeld_NamesItOnArrival()
    {
        _correlator.Post(new DnsClientLookup(T0 - Second / 100, 4242, "api.ipify.org", 1));
        _correlator.TakeDnsClientLookups(_released);

        Hold(1, "api.ipify.org", T0);

        Assert.Equal(s_client, Assert.Single(_released).Requester);
        Assert.Equal(0, _correlator.HeldCount);
    }

    [Fact]
    public void OneCall_ExplainsEveryPacketTheServiceSentForIt_AcrossCaseTrailingDotAndSuffix()
    {
        _correlator.Post(new DnsClientLookup(T0, 4242, "API.ipify.org.", 1)); // 3006
        // 3008, the same call completed
        _correlator.Post(new DnsClientLookup(T0 + Second / 10, 4242, "api.ipify.org", 1));
        Hold(1, "api.ipify.org", T0 + Second / 1000); // A
        Hold(2, "api.ipify.org", T0 + Second / 1000, type: 28); // AAAA
        Hold(3, "api.ipify.org.corp.example", T0 + Second / 500); // the search suffix appended
        Hold(4, "ipify.org", T0 + Second / 500); // a parent name is not what was asked

        _correlator.TakeDnsClientLookups(_released);

        Assert.Equal([1, 2, 3], _released.Select(h => (int)h.MessageId));
        Assert.All(_released, h => Assert.Equal((s_client, "high"), (h.Requester, h.Confidence)));
        Assert.Equal(1, _correlator.HeldCount);
    }

    [Fact]
    public void CallsOutsideTheWindow_OrByTheResolverItself_NameNobody()
    {
        Hold(1, "api.ipify.org", T0);
        _correlator.Post(new DnsClientLookup(T0 - 6 * Second, 4242, "api.ipify.org", 1)); // too early: an older lookup
        _correlator.Post(new DnsClientLookup(T0 + Second, 4242, "api.ipify.org", 1)); // after the packet: a later one
        _correlator.Post(new DnsClientLookup(T0, 53, "api.ipify.org", 1)); // the resolver's own
        _correlator.TakeDnsClientLookups(_released);

        Assert.Empty(_released);
    }

    [Fact]
    public void TwoApplicationsAskingTheSameName_TheLatestIsNamed_WithMediumConfidenceAndTheCount()
    {
        _correlator.Post(new DnsClientLookup(T0 - 2 * Second, 78, "api.ipify.org", 1));
        _correlator.Post(new DnsClientLookup(T0 - Second, 4242, "api.ipify.org", 1));
        _correlator.TakeDnsClientLookups(_released);
        Hold(1, "api.ipify.org", T0);

        DnsEvent e = Decoded(Assert.Single(_released));
        Assert.Equal((s_client, "medium", 2), (e.Process, e.AttributionConfidence, e.AttributionCandidates));
    }

    [Fact]
    public void ARequesterThatHasExited_IsLeftToTheConnectionCorrelation()
    {
        _correlator.Post(new DnsClientLookup(T0, 9999, "api.ipify.org", 1));
        _correlator.TakeDnsClientLookups(_released);
        Hold(1, "api.ipify.org", T0);

        Assert.Empty(_released);
        Assert.Equal(1, _correlator.HeldCount);
    }

    [Fact]
    public void WhileTheDnsClientEventsCome_AConnectionsAnswerWaitsForThem_AndTheyWin()
    {
        _correlator.Post(new DnsClientLookup(T0 - 60 * Second, 78, "www.example.com", 1)); // the session delivers
        _correlator.TakeDnsClientLookups(_released);
        Hold(1, "api.ipify.org", T0);
        Answer(1, "api.ipify.org", T0 + Second / 100, "198.51.100.7");

        Connect("198.51.100.7", T0 + Second / 10, s_client);
        Assert.Empty(_released); // tentative: curl connected, but the service's event may name the caller itself

        _correlator.Post(new DnsClientLookup(T0 - Second / 100, 78, "api.ipify.org", 1)); // PowerShell asked
        _correlator.TakeDnsClientLookups(_released);

        HeldLookup released = Assert.Single(_released);
        Assert.Equal(
            (s_powershell, "etw_dns_client", "high"),
            (released.Requester, released.Method, released.Confidence)
        );
    }

    [Fact]
    public void WhileTheDnsClientEventsCome_AConnectionsAnswerStands_WhenNoneNamesTheLookupInTime()
    {
        _correlator.Post(new DnsClientLookup(T0 - 60 * Second, 78, "www.example.com", 1));
        _correlator.TakeDnsClientLookups(_released);
        Hold(1, "api.ipify.org", T0);
        Answer(1, "api.ipify.org", T0 + Second / 100, "198.51.100.7");
        Connect("198.51.100.7", T0 + Second / 10, s_client);

        _correlator.Expire(T0 + 3 * Second, _released);
        Assert.Empty(_released);
        _correlator.Expire(T0 + 3 * Second + 1, _released);

        HeldLookup released = Assert.Single(_released);
        Assert.Equal(
            (s_client, "answer_correlation", "medium"),
            (released.Requester, released.Method, released.Confidence)
        );
        Assert.Equal(1, _correlator.Correlated);
    }

    [Fact]
    public void ALookupNoPacketCameFor_IsACacheHit_OncePerCall_WithTheCallerReadWhenItArrived()
    {
        _correlator.Post(new DnsClientLookup(T0, 4242, "api.ipify.org", 1)); // 3006
        _correlator.Post(new DnsClientLookup(T0 + Second / 10, 4242, "api.ipify.org", 1)); // 3008, the same call
        _correlator.Post(new DnsClientLookup(T0 + Second / 10, 9999, "ifconfig.me", 1)); // its caller was already gone
        _correlator.TakeDnsClientLookups(_released);
        var hits = new List<(DnsClientLookup Lookup, ProcessIdentity Requester)>();

        _correlator.TakeCacheHits(T0 + 10 * Second, hits);
        Assert.Empty(hits); // a packet may still come for it

        _correlator.TakeCacheHits(T0 + 11 * Second, hits);
        (DnsClientLookup lookup, ProcessIdentity requester) = Assert.Single(hits);
        Assert.Equal(("api.ipify.org", T0, s_client), (lookup.QueryName, lookup.Timestamp, requester));
        hits.Clear();
        _correlator.TakeCacheHits(T0 + 60 * Second, hits);
        Assert.Empty(hits); // given once
    }

    [Fact]
    public void ALookupAPacketCameFor_IsNoCacheHit()
    {
        _correlator.Post(new DnsClientLookup(T0 - Second / 100, 4242, "api.ipify.org", 1));
        _correlator.TakeDnsClientLookups(_released);
        Hold(1, "api.ipify.org", T0);
        var hits = new List<(DnsClientLookup Lookup, ProcessIdentity Requester)>();

        _correlator.TakeCacheHits(T0 + 20 * Second, hits);

        Assert.Single(_released); // named from the event
        Assert.Empty(hits);
    }

    [Fact]
    public void AFloodOfDnsClientEvents_IsBounded_AndCounted()
    {
        for (int i = 0; i < DnsClientLookups.Capacity + 10; i++)
        {
            _correlator.Post(new DnsClientLookup(T0, 4242, $"n{i}.example", 1));
        }

        Assert.Equal(10, _correlator.DnsClientDropped);
        _correlator.TakeDnsClientLookups(_released);
        _correlator.Post(new DnsClientLookup(T0, 4242, "api.ipify.org", 1)); // room again once taken
        Assert.Equal(10, _correlator.DnsClientDropped);
    }

    private void Hold(ushort id, string name, long time, ushort type = 1)
    {
        byte[] wire = DnsWire.Query(id, name, type);
        DnsEvent query = TestEvents.Udp(wire, time, "10.0.0.2", ResolverPort, "192.0.2.53", 53);
        query.Attribution = AttributionStatus.ResolverOnly;
        query.Resolver = s_resolver;
        query.AttributionMethod = "sock_diag";
        var source = new EventCopy();
        source.CopyFrom(query, wire);
        _correlator.Hold(query, source, _released);
    }

    private void Answer(
        ushort id,
        string name,
        long time,
        string address,
        string? second = null,
        ushort port = ResolverPort
    )
    {
        byte[][] answers =
        [
            .. new[] { address, second }
                .OfType<string>()
                .Select(a => DnsWire.Record(DnsWire.Pointer(12), 1, 60, IPAddress.Parse(a).GetAddressBytes())),
        ];
        _correlator.OnAnswer(
            TestEvents.Udp(DnsWire.Response(id, name, 1, answers), time, "192.0.2.53", 53, "10.0.0.2", port)
        );
    }

    private void Connect(string remote, long time, ProcessIdentity owner) =>
        _correlator.OnConnection(
            new ConnectionAttempt(
                time,
                Transport.Tcp,
                TestEvents.Address("10.0.0.2"),
                50_000,
                TestEvents.Address(remote),
                443
            ),
            owner,
            _released
        );

    private static DnsEvent Decoded(HeldLookup held)
    {
        var e = new DnsEvent(new DnsMessage());
        Assert.True(held.Event.CopyTo(e));
        held.ApplyTo(e);
        return e;
    }
}
