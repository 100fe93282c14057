using System.Runtime.Versioning;
using IpLookupSensor.Attribution.Linux.Ebpf;
using IpLookupSensor.Sensor.Service;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>
/// The kernel send trace of this run (Linux host mode): loaded by <c>run</c> before it gives up capabilities (loading
/// needs CAP_BPF and CAP_PERFMON, reading does not), handed across that restart, read by attribution.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class SendTraceStartup
{
    private const string FailedPrefix = "failed:"; // the hand-off of a trace that could not load: why

    public static SendTrace? Trace { get; private set; }

    /// <summary>Why there is no trace although the settings asked for one.</summary>
    public static string? Failure { get; private set; }

    public static void Start(SensorOptions options)
    {
        string? handedOver = Environment.GetEnvironmentVariable(SendTrace.HandOffVariable);
        Environment.SetEnvironmentVariable(SendTrace.HandOffVariable, null); // not for anything this process starts
        if (options.Mode != "host" || !options.Ebpf)
        {
            if (handedOver is not null && SendTrace.Inherit(handedOver, out _) is { } unwanted)
            {
                unwanted.Dispose();
            }

            return;
        }

        string? failure = null;
        Trace =
            handedOver is null ? SendTrace.Open(out failure)
            : handedOver.StartsWith(FailedPrefix, StringComparison.Ordinal) ? null
            : SendTrace.Inherit(handedOver, out failure);
        Failure = Trace is not null ? null : failure ?? handedOver?[FailedPrefix.Length..];
    }

    /// <summary>The environment entry that passes the trace (or why there is none) to the restarted process.</summary>
    public static IEnumerable<string> HandOff() =>
        Trace is not null ? [$"{SendTrace.HandOffVariable}={Trace.HandOff()}"]
        : Failure is not null ? [$"{SendTrace.HandOffVariable}={FailedPrefix}{Failure}"]
        : [];
}
