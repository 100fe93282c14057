using System.Net;
using System.Text;
using System.Text.Json;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Enrichment;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Correlation;

/// <summary>
/// The correlator behind the attribution queue, fed frames through the pipeline: a resolver's query, its answer and
/// the client's SYN arrive long before attribution has looked at the query (a loaded machine), and the client is
/// still named, because the answer and the connection wait in the queue behind the query.
/// </summary>
public sealed class CorrelationThroughTheQueueTests
{
    private static readonly ProcessIdentity s_client = new(4242, "curl", "/usr/bin/curl", "1000", "alice");

    [Fact]
    public void AnswerAndConnectionThatOvertakeASlowAttribution_StillNameTheClient()
    {
        using var stdout = new MemoryStream();
        using var output = new NdjsonWriter(stdout, flushEachLine: false);
        IReadOnlyList<ActiveRule> rules = DetectionSetup.LoadRules(
            Path.Combine(Repository.Root, "rules", "linux"),
            false,
            _ => { }
        );
        using var queue = new AttributionQueue();
        var detector = new Detector(
            rules,
            new NdjsonAlertSink(output),
            new AlertFactory(null, TimeProvider.System),
            null,
            new SlowHost(),
            queue,
            new ResolverCorrelator(TimeSpan.FromSeconds(30))
        );
        queue.Start(detector);
        var pipeline = new DnsPipeline(detector, new TcpReassemblyOptions());

        byte[] answer = DnsWire.Record(DnsWire.Pointer(12), 1, 60, IPAddress.Parse("198.51.100.7").GetAddressBytes());
        Deliver(pipeline, 0, Frames.Udp("10.0.0.2", "192.0.2.53", 40_000, 53, DnsWire.Query(0x77, "api.ipify.org")));
        Deliver(
            pipeline,
            1,
            Frames.Udp("192.0.2.53", "10.0.0.2", 53, 40_000, DnsWire.Response(0x77, "api.ipify.org", 1, answer))
        );
        Deliver(pipeline, 2, Frames.Tcp("10.0.0.2", "198.51.100.7", 50_000, 443, 1, [], syn: true));
        // not an answer: never queued
        Deliver(pipeline, 3, Frames.Tcp("10.0.0.2", "203.0.113.1", 50_001, 443, 1, [], syn: true));
        detector.Complete();
        output.Flush();

        JsonElement alert = JsonDocument.Parse(Encoding.UTF8.GetString(stdout.ToArray()).Trim()).RootElement;
        Assert.Equal(
            ("curl", "via_resolver", "answer_correlation"),
            (
                alert.GetProperty("process").GetProperty("name").GetString(),
                alert.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString(),
                alert.GetProperty("iplookup").GetProperty("attribution").GetProperty("method").GetString()
            )
        );
        Assert.Equal(
            "unbound",
            alert
                .GetProperty("iplookup")
                .GetProperty("attribution")
                .GetProperty("resolver")
                .GetProperty("name")
                .GetString()
        );
        Assert.Equal((1, 0), (detector.Correlator!.Correlated, detector.Correlator.Uncorrelated));
        Assert.Equal(2, pipeline.Counters.Connections);
    }

    [Fact]
    public void ALookupTheWindowsDnsClientAnsweredFromItsCache_AlertsWithTheCallerAndNoNetworkFields()
    {
        using var stdout = new MemoryStream();
        using var output = new NdjsonWriter(stdout, flushEachLine: false);
        IReadOnlyList<ActiveRule> rules = DetectionSetup.LoadRules(
            Path.Combine(Repository.Root, "rules", "linux"),
            false,
            _ => { }
        );
        using var queue = new AttributionQueue();
        var correlator = new ResolverCorrelator(
            TimeSpan.FromSeconds(30),
            describeProcess: pid => pid == 4242 ? s_client : null
        );
        var detector = new Detector(
            rules,
            new NdjsonAlertSink(output),
            new AlertFactory(null, TimeProvider.System),
            null,
            new SlowHost(),
            queue,
            correlator
        );
        long elevenSecondsAgo = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 11_000) * 1_000_000;
        correlator.Post(new DnsClientLookup(elevenSecondsAgo, 4242, "api.ipify.org", 1));
        correlator.Post(new DnsClientLookup(elevenSecondsAgo, 4242, "www.example.com", 1)); // no rule for it: nothing

        detector.OnTick(); // takes the posted lookups
        detector.OnTick(); // none came with a packet: cache hits
        output.Flush();

        JsonElement alert = JsonDocument.Parse(Encoding.UTF8.GetString(stdout.ToArray()).Trim()).RootElement;
        Assert.Equal(
            ("api.ipify.org", "curl"),
            (
                alert.GetProperty("dns").GetProperty("question").GetProperty("name").GetString(),
                alert.GetProperty("process").GetProperty("name").GetString()
            )
        );
        JsonElement attribution = alert.GetProperty("iplookup").GetProperty("attribution");
        Assert.Equal(
            ("via_resolver", "etw_dns_client", "dns_client_cache"),
            (
                attribution.GetProperty("status").GetString(),
                attribution.GetProperty("method").GetString(),
                attribution.GetProperty("reason").GetString()
            )
        );
        Assert.False(alert.TryGetProperty("source", out _));
        Assert.False(alert.TryGetProperty("destination", out _));
        Assert.False(alert.GetProperty("network").TryGetProperty("transport", out _));
        Assert.False(alert.GetProperty("dns").TryGetProperty("id", out _));
        Assert.Equal(1, detector.Attributed(AttributionStatus.ViaResolver)); // www.example.com was not counted
    }

    private static void Deliver(DnsPipeline pipeline, int microseconds, byte[] frame) =>
        pipeline.OnPacket(
            new PacketRecord(
                frame,
                CaptureWriter.BaseTime + microseconds,
                (int)LinkType.Raw,
                TimestampPrecision.Microseconds
            )
        );

    /// <summary>
    /// The host's sockets: port 40000 is the resolver's (unbound), reached 50 ms late as a loaded machine's /proc
    /// would be; the connection from port 50000 is curl's.
    /// </summary>
    private sealed class SlowHost : IEventAttributor, IConnectionOwnerResolver
    {
        public bool AppliesToAll => false;

        public void Attribute(DnsEvent e)
        {
            Thread.Sleep(50);
            (e.Attribution, e.Resolver, e.AttributionMethod) = (
                AttributionStatus.ResolverOnly,
                new ProcessIdentity(53, "unbound", "/usr/sbin/unbound", "0", "root"),
                "sock_diag"
            );
        }

        public ProcessIdentity? OwnerOf(ConnectionAttempt connection) =>
            connection.LocalPort == 50_000 ? s_client : null;
    }
}
