using Microsoft.Extensions.Logging;

namespace IpLookupSensor.Sensor.Service;

/// <summary>Every message the service logs, source-generated: structured, and none of them per packet.</summary>
internal static partial class SensorLog
{
    [LoggerMessage(
        1,
        LogLevel.Information,
        "capturing on {Interfaces} (filter \"{Filter}\"), {RuleCount} rules from {Rules}; Ctrl-C to stop"
    )]
    public static partial void Capturing(ILogger logger, string interfaces, string filter, int ruleCount, string rules);

    [LoggerMessage(2, LogLevel.Information, "{Line}")]
    public static partial void Summary(ILogger logger, string line);

    [LoggerMessage(3, LogLevel.Warning, "{Line}")]
    public static partial void Warning(ILogger logger, string line);

    [LoggerMessage(4, LogLevel.Information, "{Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(5, LogLevel.Error, "capture stopped")]
    public static partial void CaptureFailed(ILogger logger, Exception error);

    [LoggerMessage(6, LogLevel.Information, "rules reloaded: {RuleCount} rules from {Rules}")]
    public static partial void RulesReloaded(ILogger logger, int ruleCount, string rules);

    [LoggerMessage(7, LogLevel.Warning, "rules not reloaded, the previous {RuleCount} stay: {Reason}")]
    public static partial void RulesReloadRefused(ILogger logger, int ruleCount, string reason);

    [LoggerMessage(8, LogLevel.Warning, "{File} changed: {Setting} takes effect at the next start")]
    public static partial void NeedsRestart(ILogger logger, string file, string setting);

    [LoggerMessage(
        9,
        LogLevel.Warning,
        "the kernel dropped {Drops} packets since the last warning (total {Total}): the sensor cannot keep up"
    )]
    public static partial void KernelDrops(ILogger logger, long drops, long total);

    [LoggerMessage(10, LogLevel.Information, "metrics in Prometheus format at http://{Endpoint}/metrics")]
    public static partial void Prometheus(ILogger logger, string endpoint);

    [LoggerMessage(11, LogLevel.Information, "capabilities: {Capabilities} (every other one was given up at start)")]
    public static partial void Capabilities(ILogger logger, string capabilities);

    [LoggerMessage(
        12,
        LogLevel.Information,
        "attribution: the kernel records who sends each DNS query and what each process executes (eBPF; method ebpf)"
    )]
    public static partial void SendTrace(ILogger logger);
}
