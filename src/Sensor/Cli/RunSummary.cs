using System.Globalization;
using System.Text;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Cli;

/// <summary>The end-of-run report on stderr: what was read, what came of it, what was skipped and why.</summary>
internal static class RunSummary
{
    public static string Format(
        string what,
        PipelineCounters counters,
        Detection.Detector detector,
        long kernelDrops,
        TimeSpan elapsed
    ) =>
        string.Join(
            '\n',
            Lines(what, counters, detector, kernelDrops, elapsed).Select(line => "iplookup-sensor: " + line)
        );

    /// <summary>The same as three lines without the program name, for a logger.</summary>
    public static string[] Lines(
        string what,
        PipelineCounters counters,
        Detection.Detector detector,
        long kernelDrops,
        TimeSpan elapsed
    )
    {
        var text = new StringBuilder();
        IFormatProvider inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{what}: {counters.Packets} packets, {counters.DnsMessages} DNS messages ");
        text.Append(inv, $"({counters.Queries} queries, {counters.Responses} responses), {counters.Events} events, ");
        text.Append(inv, $"{detector.Alerts} alerts ({detector.HeldBack} held back) from {detector.RuleCount} rules\n");

        text.Append("skipped: ");
        bool any = false;
        ReadOnlySpan<long> skipped = counters.Skipped;
        for (int i = 1; i < skipped.Length; i++)
        {
            if (skipped[i] > 0)
            {
                text.Append(inv, $"{(any ? ", " : string.Empty)}{SkipReasons.Name((SkipReason)i)} {skipped[i]}");
                any = true;
            }
        }

        text.Append(any ? "\n" : "none\n");
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
        if (detector.Correlator is { } correlator)
        {
            text.Append(
                inv,
                $"resolver lookups {correlator.Correlated} correlated, {correlator.Uncorrelated} not, "
                    + $"{correlator.Forwarded} forwarded from the stub ({counters.Connections} connections seen), "
            );
        }

        text.Append(
            inv,
            $"kernel drops {kernelDrops}, attribution overload {detector.Overloaded}, elapsed "
                + $"{elapsed.TotalSeconds:F3} s, {counters.Packets / seconds:F0} packets/s"
        );
        return text.ToString().Split('\n');
    }
}
