using BenchmarkDotNet.Attributes;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Benchmarks;

/// <summary>Frame + IP + UDP + DNS decoding of one query, through the pipeline the capture thread runs.</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private readonly byte[] _frame = SampleEvents.QueryFrame("safebrowsing.googleapis.com");
    private DnsPipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup() => _pipeline = new DnsPipeline(NullEventSink.Instance, new TcpReassemblyOptions());

    [Benchmark]
    public long DecodeQueryFrame()
    {
        _pipeline.OnPacket(new PacketRecord(_frame, 0, (int)LinkType.Ethernet, TimestampPrecision.Microseconds));
        return _pipeline.Counters.Events;
    }
}
