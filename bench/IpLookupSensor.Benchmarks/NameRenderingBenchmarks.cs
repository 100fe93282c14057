using BenchmarkDotNet.Attributes;
using IpLookupSensor.Sensor.Dns;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// A question name off the wire into presentation form (lower case, escaped), and a name checked without rendering.
/// </summary>
[MemoryDiagnoser]
public class NameRenderingBenchmarks
{
    private readonly byte[] _typical = SampleEvents.QueryWire("safebrowsing.googleapis.com");
    private readonly byte[] _long = SampleEvents.QueryWire(
        "ec2-198-51-100-7.compute-1.amazonaws.com.e7c1d2a9.Mixed-Case.tracking.example.net"
    );
    private readonly char[] _text = new char[DnsName.MaxPresentationLength];

    [Benchmark]
    public int Typical()
    {
        DnsName.TryRead(_typical, 12, _text, out _, out int written);
        return written;
    }

    [Benchmark]
    public int LongMixedCase()
    {
        DnsName.TryRead(_long, 12, _text, out _, out int written);
        return written;
    }

    [Benchmark]
    public int SkipTypical()
    {
        DnsName.TrySkip(_typical, 12, out int consumed);
        return consumed;
    }
}
