using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using IpLookupSensor.Corpus;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// DNS over TCP through the pipeline on one long-lived connection: a whole length-prefixed query per segment, and
/// a query split over two segments (the reassembly buffer's path). Sequence numbers advance in place.
/// </summary>
[MemoryDiagnoser]
public class TcpReassemblyBenchmarks
{
    private const int SequenceOffset = 14 + 20 + 4; // Ethernet, IPv4, then the TCP sequence number
    private readonly byte[] _whole = Segment(Framed(), 0, int.MaxValue);
    private readonly byte[] _firstHalf = Segment(Framed(), 0, 20);
    private readonly byte[] _secondHalf = Segment(Framed(), 20, int.MaxValue);
    private readonly int _messageLength = Framed().Length;
    private DnsPipeline _pipeline = null!;
    private uint _sequence;

    [GlobalSetup]
    public void Setup() => _pipeline = new DnsPipeline(NullEventSink.Instance, new TcpReassemblyOptions());

    [Benchmark]
    public long WholeMessagePerSegment()
    {
        Send(_whole, _sequence);
        _sequence += (uint)_messageLength;
        return _pipeline.Counters.Events;
    }

    [Benchmark]
    public long MessageSplitOverTwoSegments()
    {
        Send(_firstHalf, _sequence);
        Send(_secondHalf, _sequence + 20);
        _sequence += (uint)_messageLength;
        return _pipeline.Counters.Events;
    }

    private void Send(byte[] frame, uint sequence)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(SequenceOffset), sequence);
        _pipeline.OnPacket(new PacketRecord(frame, 0, (int)LinkType.Ethernet, TimestampPrecision.Microseconds));
    }

    private static byte[] Framed()
    {
        byte[] query = SampleEvents.QueryWire("safebrowsing.googleapis.com");
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        return framed;
    }

    private static byte[] Segment(byte[] stream, int start, int end)
    {
        var frame = new byte[200];
        var client = new Endpoint([10, 0, 0, 7], 50_000);
        var resolver = new Endpoint([10, 0, 0, 53], 53);
        int length = FrameBuilder.Tcp(
            frame,
            client,
            resolver,
            toResolver: true,
            vlan: 0,
            new TcpHeader(0, 1, TcpHeader.Push | TcpHeader.Ack),
            stream.AsSpan(start, Math.Min(end, stream.Length) - start)
        );
        return frame[..length];
    }
}
