using BenchmarkDotNet.Attributes;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

namespace IpLookupSensor.Benchmarks;

/// <summary>One alert into each syslog format. Alerts are throttled per rule, so this is not per packet.</summary>
[MemoryDiagnoser]
public class SyslogFormatterBenchmarks
{
    private static readonly SenderIdentity s_sender = new("sensor01.example.com", 4242, "0.1.0");
    private Alert _alert = null!;
    private IAlertFormatter _rfc5424 = null!;
    private IAlertFormatter _cef = null!;
    private IAlertFormatter _leef = null!;
    private IAlertFormatter _rfc5424Udp = null!;

    [GlobalSetup]
    public void Setup()
    {
        _alert = SampleAlerts.SeedRuleAlert();
        _rfc5424 = AlertFormatters.For(SyslogUri.Parse("tcp://c"), s_sender);
        _cef = AlertFormatters.For(SyslogUri.Parse("tcp://c?format=cef"), s_sender);
        _leef = AlertFormatters.For(SyslogUri.Parse("tcp://c?format=leef"), s_sender);
        _rfc5424Udp = AlertFormatters.For(SyslogUri.Parse("udp://c?maxsize=480"), s_sender);
    }

    [Benchmark(Baseline = true)]
    public byte[] Rfc5424() => _rfc5424.Format(_alert, 1);

    [Benchmark]
    public byte[] Rfc5424ShrunkTo480Bytes() => _rfc5424Udp.Format(_alert, 1);

    [Benchmark]
    public byte[] Cef() => _cef.Format(_alert, 1);

    [Benchmark]
    public byte[] Leef() => _leef.Format(_alert, 1);
}
