using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// <c>run</c> as a generic host: the parts are built and checked first (<see cref="SensorRuntime"/>), then hosted
/// services start them and stop them in reverse order on Ctrl-C, SIGTERM, a systemd stop or a Windows service stop:
/// capture stops and drains, the rules' open windows close, and the spool gets its drain time last.
/// </summary>
internal static class SensorHost
{
    public static int Run(SensorOptions options, SensorConfigurationSource configuration, Stream stdout)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(
            new HostApplicationBuilderSettings
            {
                ApplicationName = "iplookup-sensor",
                ContentRootPath = AppContext.BaseDirectory,
            }
        );
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // our own start and stop lines say it
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder
            .Logging.AddConsole(console =>
            {
                console.FormatterName = SensorConsoleFormatter.FormatterName;
                console.LogToStandardErrorThreshold = LogLevel.Trace; // stdout carries the NDJSON
            })
            .AddConsoleFormatter<SensorConsoleFormatter, ConsoleFormatterOptions>();
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(service => service.ServiceName = "IpLookupSensor");
        builder.Services.Configure<HostOptions>(host =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(options.DrainTimeoutSeconds + 20)
        );

        builder.Services.AddSingleton(configuration);
        builder.Services.AddSingleton(provider =>
            SensorRuntime.Create(
                options,
                configuration.ConfigFile,
                stdout,
                provider.GetRequiredService<ILoggerFactory>().CreateLogger("iplookup-sensor")
            )
        );
        builder.Services.AddSingleton<CaptureService>();
        builder.Services.AddSingleton<SensorMetrics>();

        // Started in this order, stopped in the reverse: capture first, output last.
        builder.Services.AddHostedService<OutputService>();
        builder.Services.AddHostedService<RuleReloadService>();
        builder.Services.AddHostedService<MetricsService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<CaptureService>());

        using IHost host = builder.Build();
        host.Services.GetRequiredService<SensorRuntime>(); // every check happens here, before anything starts
        host.Run();
        return Environment.ExitCode;
    }
}
