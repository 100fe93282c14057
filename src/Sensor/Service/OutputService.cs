using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// Stops last: gives the syslog destinations up to DrainTimeoutSeconds to take what is spooled, then reports.
/// </summary>
internal sealed class OutputService(SensorRuntime runtime, ILogger<OutputService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (runtime.Syslog is { } syslog)
        {
            syslog.Complete(TimeSpan.FromSeconds(runtime.Options.DrainTimeoutSeconds));
            foreach (string line in syslog.Summary())
            {
                SensorLog.Summary(logger, line);
            }
        }

        return Task.CompletedTask;
    }
}
