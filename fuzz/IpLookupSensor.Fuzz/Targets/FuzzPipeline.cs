using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// What replay runs on each packet, with every output on: events printed as ECS JSON (which reads every decoded field,
/// answers included) and the shipped rules raising alerts, all written to nowhere. A fresh one per input.
/// </summary>
internal static class FuzzPipeline
{
    private static readonly IReadOnlyList<ActiveRule> ShippedRules = DetectionSetup.LoadRules(
        RuleCatalog.ShippedRulesPath,
        strictNullLogic: false,
        warn: _ => { }
    );

    public static (DnsPipeline Pipeline, Action Complete) Create()
    {
#pragma warning disable CA2000 // disposed by the returned Complete
        var output = new NdjsonWriter(Stream.Null, flushEachLine: false);
#pragma warning restore CA2000
        var detector = new Detector(
            ShippedRules,
            new NdjsonAlertSink(output),
            new AlertFactory("fuzz", TimeProvider.System),
            new EventPrinter(output, "fuzz")
        );
        var pipeline = new DnsPipeline(detector, new TcpReassemblyOptions { MaxFlows = 64, MaxTotalBytes = 1 << 20 });
        return (
            pipeline,
            () =>
            {
                pipeline.Complete();
                detector.Complete();
                output.Dispose();
            }
        );
    }
}
