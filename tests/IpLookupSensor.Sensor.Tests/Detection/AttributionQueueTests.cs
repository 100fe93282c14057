using System.Diagnostics;
using System.Text;
using System.Text.Json;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Enrichment;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Detection;

/// <summary>
/// Attribution behind a bounded queue: capture never waits for it, and what does not fit is counted and goes on
/// unattributed with reason overload, while what fits is attributed in order.
/// </summary>
public sealed class AttributionQueueTests
{
    [Fact]
    public void SlowAttribution_CaptureNeverWaits_OverflowIsUnattributedWithReasonOverload()
    {
        using var stdout = new MemoryStream();
        using var output = new NdjsonWriter(stdout, flushEachLine: false);
        IReadOnlyList<ActiveRule> rules = DetectionSetup.LoadRules(
            Path.Combine(Repository.Root, "rules", "gateway"),
            false,
            _ => { }
        );
        using var queue = new AttributionQueue(capacity: 4);
        var detector = new Detector(
            rules,
            new NdjsonAlertSink(output),
            new AlertFactory(null, TimeProvider.System),
            new EventPrinter(output, null),
            new SlowAttributor(),
            queue
        );
        queue.Start(detector);
        var pipeline = new DnsPipeline(detector, new TcpReassemblyOptions());

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 50; i++)
        {
            byte[] frame = Frames.Udp(
                "10.0.0.7",
                "10.0.0.53",
                (ushort)(40000 + i),
                53,
                DnsWire.Query((ushort)i, "api.ipify.org")
            );
            pipeline.OnPacket(
                new PacketRecord(
                    frame,
                    CaptureWriter.BaseTime + i,
                    (int)IpLookupSensor.Sensor.Packets.LinkType.Raw,
                    TimestampPrecision.Microseconds
                )
            );
        }

        TimeSpan capture = clock.Elapsed;
        detector.Complete();
        output.Flush();

        List<JsonElement> events =
        [
            .. Encoding
                .UTF8.GetString(stdout.ToArray())
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("event").GetProperty("kind").GetString() == "event"),
        ];
        List<JsonElement> overloaded = [.. events.Where(e => Reason(e) == "overload")];
        List<JsonElement> attributed = [.. events.Where(e => Status(e) == "direct")];

        Assert.True(
            capture < TimeSpan.FromMilliseconds(500),
            $"capture took {capture.TotalMilliseconds} ms for 50 packets; attribution takes 50 ms each"
        );
        Assert.Equal(50, events.Count);
        Assert.Equal(50, overloaded.Count + attributed.Count);
        Assert.InRange(attributed.Count, 4, 10); // what the queue held, and what the worker took meanwhile
        Assert.Equal(overloaded.Count, detector.Overloaded);
        Assert.All(overloaded, e => Assert.Equal("unattributed", Status(e)));
        Assert.Equal([.. attributed.Select(Port).Order()], attributed.Select(Port)); // in capture order
    }

    private static string? Status(JsonElement e) =>
        e.GetProperty("iplookup").GetProperty("attribution").GetProperty("status").GetString();

    private static string? Reason(JsonElement e) =>
        e.GetProperty("iplookup").GetProperty("attribution").TryGetProperty("reason", out JsonElement reason)
            ? reason.GetString()
            : null;

    private static int Port(JsonElement e) => e.GetProperty("source").GetProperty("port").GetInt32();

    /// <summary>An attributor as slow as a /proc scan on a loaded machine.</summary>
    private sealed class SlowAttributor : IEventAttributor
    {
        public bool AppliesToAll => false;

        public void Attribute(DnsEvent dnsEvent)
        {
            Thread.Sleep(50);
            dnsEvent.Process = new ProcessIdentity(4242, "curl", "/usr/bin/curl", "0", "root");
            dnsEvent.Attribution = AttributionStatus.Direct;
        }
    }
}
