using System.Diagnostics;
using System.Globalization;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// <c>syslog-throughput URI COUNT SPOOL</c>: publishes COUNT real alerts (distinct ids) to one destination as fast as
/// a detector could, spool on, and reports how long until every one was acknowledged. bench/syslog-throughput.sh
/// runs it against the real rsyslog collector and also times when the collector had them all.
/// </summary>
internal static class SyslogThroughput
{
    public static int Run(string[] args)
    {
        string uri = args[1];
        int count = int.Parse(args[2], CultureInfo.InvariantCulture);
        Alert template = SampleAlerts.SeedRuleAlert();
        Alert[] alerts =
        [
            .. Enumerable
                .Range(0, count)
                .Select(i => template with { Id = i.ToString("x32", CultureInfo.InvariantCulture) }),
        ];
        using var output = new SyslogOutput([SyslogUri.Parse(uri)], args[3], 1L << 30, Console.Error.WriteLine);

        var clock = Stopwatch.StartNew();
        foreach (Alert alert in alerts)
        {
            output.Publish(alert);
        }

        TimeSpan spooled = clock.Elapsed;
        output.Complete(TimeSpan.FromMinutes(5));
        TimeSpan acknowledged = clock.Elapsed;
        DestinationWorker destination = output.Destinations[0];
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{uri}: {count} alerts ({template.EcsJson.Length} B of ECS each) spooled in "
                    + $"{spooled.TotalSeconds:F3} s ({count / spooled.TotalSeconds:F0}/s), acknowledged after "
                    + $"{acknowledged.TotalSeconds:F3} s ({count / acknowledged.TotalSeconds:F0}/s, the last second "
                    + $"is the confirmation window); sent {destination.Counters.Sent}, "
                    + $"unsent {destination.Spool.Pending}"
            )
        );
        return destination.Spool.Pending == 0 ? 0 : 1;
    }
}
