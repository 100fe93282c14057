using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;
using IpLookupSensor.Sensor.Tests.Support;
using Xunit.Abstractions;

namespace IpLookupSensor.Sensor.Tests.Robustness;

/// <summary>
/// Issue 8's attacks, each with the bound it must stay within: memory measured after a full collection, so the
/// figure is what the sensor keeps, not what it passed through.
/// </summary>
[Collection(nameof(AllocationSensitive))] // measures the heap: not beside tests that fill it
public sealed class ResourceBoundTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _spool = Directory.CreateTempSubdirectory("ipls-bound-").FullName;

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [Fact]
    public void TcpFlood_100000FlowsEachHoldingAPartialMessage_KeepsAtMost10000Flows()
    {
        var pipeline = new DnsPipeline(Events.NullEventSink.Instance, new TcpReassemblyOptions());
        long before = GC.GetTotalMemory(forceFullCollection: true);

        for (int i = 0; i < 100_000; i++)
        {
            // A length prefix promising 300 bytes, and 10 of them: the flow waits for the rest forever.
            byte[] segment = Frames.Tcp(
                $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}",
                "10.255.0.53",
                (ushort)(1024 + (i % 60_000)),
                53,
                1000,
                [0x01, 0x2C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
            );
            pipeline.OnPacket(
                new PacketRecord(
                    segment,
                    CaptureWriter.BaseTime + i,
                    (int)IpLookupSensor.Sensor.Packets.LinkType.Raw,
                    TimestampPrecision.Microseconds
                )
            );
        }

        long kept = GC.GetTotalMemory(forceFullCollection: true) - before;
        long evicted =
            pipeline.Counters.Skipped[(int)SkipReason.TcpFlowEvicted]
            + pipeline.Counters.Skipped[(int)SkipReason.TcpFlowLimit];
        output.WriteLine($"100,000 partial flows: {evicted} evicted or refused, {kept >> 10} KiB kept");
        Assert.True(evicted >= 90_000, $"flows evicted or refused: {evicted}");
        // the reassembly bound is 64 MiB
        Assert.True(kept < 64L << 20, $"kept {kept >> 20} MiB for 10,000 partial flows");
        GC.KeepAlive(pipeline);
    }

    [Fact]
    public void CompressionBombsAndMaximalLabelCounts_DecodeInBoundedTimeAndMemory()
    {
        // 4,000 answers whose names each add a label to the previous one by a pointer: without bounds every name
        // would be followed back through all the others. And a question of 127 one-byte labels, the most 255 octets
        // hold.
        var bomb = new List<byte>(
            DnsWire.Concat(DnsWire.Header(1, 0x8180, qd: 1, an: 4000), DnsWire.Question(DnsWire.Name("a")))
        );
        int previous = 12;
        for (int i = 0; i < 4000; i++)
        {
            int here = bomb.Count;
            bomb.AddRange([1, (byte)'x', .. DnsWire.Pointer(previous), 0, 1, 0, 1, 0, 0, 0, 60, 0, 0]);
            previous = here;
        }

        byte[] maximal = DnsWire.Query(2, string.Join('.', Enumerable.Repeat("a", 127)));
        byte[][] frames =
        [
            Frames.Udp("10.0.0.53", "10.0.0.7", 53, 40000, [.. bomb]),
            Frames.Udp("10.0.0.7", "10.0.0.53", 40000, 53, maximal),
        ];
        var pipeline = new DnsPipeline(Events.NullEventSink.Instance, new TcpReassemblyOptions());
        Feed(pipeline, frames, 10);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();

        Feed(pipeline, frames, 2_000);

        double perMessage = clock.Elapsed.TotalMilliseconds / 4_000;
        long kept = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine(
            $"compression bomb (4,000 chained answers, 56 KB) and a 127-label name: {perMessage * 1000:F0} µs per "
                + $"message, {kept >> 10} KiB kept"
        );
        Assert.True(perMessage < 5, $"{perMessage} ms per message");
        Assert.True(kept < 1L << 20, $"kept {kept >> 10} KiB");
        Assert.Equal(4_020, pipeline.Counters.DnsMessages);
    }

    [Fact]
    public void NameFloodAndAlertStorm_MemoryStaysFlat_AndTheThrottleHoldsAlertsToMaxSignals()
    {
        var alerts = new CountingAlertSink();
        IReadOnlyList<ActiveRule> rules = DetectionSetup.LoadRules(
            Path.Combine(Repository.Root, "rules", "gateway"),
            false,
            _ => { }
        );
        var detector = new Detector(
            rules,
            alerts,
            new AlertFactory(null, TimeProvider.System),
            events: null,
            new Enrichment.GatewayAttributor()
        );
        var pipeline = new DnsPipeline(detector, new TcpReassemblyOptions());
        byte[] unique = Query("x0000000000000000.example.com");
        byte[] matching = Query("api.ipify.org");
        Feed(pipeline, unique, 10_000, distinct: true); // warm up
        long before = GC.GetTotalMemory(forceFullCollection: true);

        Feed(pipeline, unique, 500_000, distinct: true); // half a million names never seen before
        Feed(pipeline, matching, 200_000, distinct: false); // a storm of lookups the rule matches, within one window

        long kept = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"500,000 unique names and 200,000 matching lookups: {kept >> 10} KiB kept");
        Assert.True(kept < 4L << 20, $"kept {kept >> 10} KiB");
        Assert.Equal((100, 199_900), (detector.Alerts, detector.HeldBack));
        detector.Complete();
        Assert.Equal(101, alerts.Count); // and one record of what was held back
    }

    [Fact]
    public async Task CollectorThatNeverReads_TheSpoolFillsToItsQuota_AndPublishingNeverWaits()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var syslog = new SyslogOutput([SyslogUri.Parse($"tcp://127.0.0.1:{port}")], _spool, 256 << 10, _ => { });
        Task<Socket> accept = listener.AcceptSocketAsync(); // accepted, and never read
        var slowest = TimeSpan.Zero;

        for (int i = 0; i < 5_000; i++)
        {
            long start = Stopwatch.GetTimestamp();
            syslog.Publish(TestAlerts.Detection(id: $"{i:D32}", executable: "/" + new string('x', 2000)));
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, Stopwatch.GetElapsedTime(start).Ticks));
        }

        using Socket silent = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        DestinationWorker destination = syslog.Destinations[0];
        output.WriteLine(
            $"never-reading collector: slowest publish {slowest.TotalMilliseconds:F1} ms, spool "
                + $"{destination.Spool.Bytes >> 10} KiB, dropped {destination.Spool.Dropped}"
        );
        Assert.True(slowest < TimeSpan.FromMilliseconds(250), $"a publish waited {slowest.TotalMilliseconds} ms");
        Assert.InRange(destination.Spool.Bytes, 128 << 10, 256 << 10);
        Assert.True(destination.Spool.Dropped > 4_000, $"dropped {destination.Spool.Dropped}");

        var stop = Stopwatch.StartNew();
        syslog.Complete(TimeSpan.FromSeconds(1)); // its send is stuck: the stop must not be
        syslog.Dispose();
        Assert.True(stop.Elapsed < TimeSpan.FromSeconds(10), $"stop took {stop.Elapsed}");
    }

    private static byte[] Query(string name)
    {
        byte[] dns = DnsWire.Query(0x1234, name);
        return Frames.Udp("10.0.0.7", "10.0.0.53", 40000, 53, dns);
    }

    /// <summary>
    /// Sends <paramref name="count"/> copies of a raw IPv4 frame, each with a different name when asked.
    /// </summary>
    private static void Feed(DnsPipeline pipeline, byte[] frame, int count, bool distinct)
    {
        const int FirstLabelText = 20 + 8 + 12 + 1; // IPv4 + UDP + DNS header + the label's length byte
        for (int i = 0; i < count; i++)
        {
            if (distinct)
            {
                // bytes, not hex: \DDD in the name
                BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(FirstLabelText + 1), i);
            }

            pipeline.OnPacket(
                new PacketRecord(
                    frame,
                    CaptureWriter.BaseTime + i,
                    (int)IpLookupSensor.Sensor.Packets.LinkType.Raw,
                    TimestampPrecision.Microseconds
                )
            );
        }
    }

    private static void Feed(DnsPipeline pipeline, byte[][] frames, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            foreach (byte[] frame in frames)
            {
                pipeline.OnPacket(
                    new PacketRecord(
                        frame,
                        CaptureWriter.BaseTime + i,
                        (int)IpLookupSensor.Sensor.Packets.LinkType.Raw,
                        TimestampPrecision.Microseconds
                    )
                );
            }
        }
    }

    private sealed class CountingAlertSink : IAlertSink
    {
        public int Count { get; private set; }

        public void Publish(Alert alert) => Count++;
    }
}
