using BenchmarkDotNet.Attributes;
using IpLookupSensor.Corpus;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// Frame + IP + UDP + DNS decoding through the pipeline the capture thread runs: a query, and a response with a CNAME
/// and three addresses, its answers left unread (what the lookup rules need) or read as text (what --events prints).
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private readonly byte[] _query = SampleEvents.QueryFrame("safebrowsing.googleapis.com");
    private readonly byte[] _response = ResponseFrame();
    private DnsPipeline _pipeline = null!;
    private DnsPipeline _readingAnswers = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = new DnsPipeline(NullEventSink.Instance, new TcpReassemblyOptions());
        _readingAnswers = new DnsPipeline(new AnswerReader(), new TcpReassemblyOptions());
    }

    [Benchmark]
    public long DecodeQueryFrame() => Decode(_pipeline, _query);

    [Benchmark]
    public long DecodeResponseFrame() => Decode(_pipeline, _response);

    [Benchmark]
    public long DecodeResponseFrameReadingAnswers() => Decode(_readingAnswers, _response);

    private static long Decode(DnsPipeline pipeline, byte[] frame)
    {
        pipeline.OnPacket(new PacketRecord(frame, 0, (int)LinkType.Ethernet, TimestampPrecision.Microseconds));
        return pipeline.Counters.Events;
    }

    private static byte[] ResponseFrame()
    {
        var message = new byte[512];
        var dns = new DnsMessageBuilder(message);
        dns.Header(0x1234, 0x8180, answers: 4, authorities: 0, additionals: 0);
        dns.Question("www.example.com", DnsMessageBuilder.TypeA);
        int length = dns.Record(DnsMessageBuilder.TypeCname, 300);
        int target = dns.Name("e1234.a.cdn-edge.net");
        dns.EndRecord(length);
        for (byte i = 1; i <= 3; i++)
        {
            length = dns.Record(DnsMessageBuilder.TypeA, 60, target);
            dns.Bytes([192, 0, 2, i]);
            dns.EndRecord(length);
        }

        var frame = new byte[600];
        int frameLength = FrameBuilder.Udp(
            frame,
            new Endpoint([10, 0, 0, 53], 53),
            new Endpoint([10, 0, 0, 7], 50_000),
            toResolver: false,
            vlan: 0,
            message.AsSpan(0, dns.Length)
        );
        return frame[..frameLength];
    }

    private sealed class AnswerReader : IDnsEventSink
    {
        public void OnEvent(DnsEvent dnsEvent) => _ = dnsEvent.Message.Answers.Length;
    }
}
