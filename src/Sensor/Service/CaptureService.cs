using System.Diagnostics;
using IpLookupSensor.Sensor.Capture.Recording;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// Runs the capture (one thread per interface, inside <see cref="Capture.Live.LiveCaptureSource"/>) until the host
/// stops; then drains the ring, completes every pipeline and the rules' open windows, and logs the summary. A
/// capture that fails stops the host with exit code 1.
/// </summary>
internal sealed class CaptureService(
    SensorRuntime runtime,
    IHostApplicationLifetime lifetime,
    ILogger<CaptureService> logger
) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<DnsPipeline> _pipelines = [];
    private readonly Stopwatch _clock = new();
    private Thread? _thread;

    /// <summary>Every pipeline's counters added up, for metrics and summaries.</summary>
    public PipelineCounters Totals()
    {
        var total = new PipelineCounters();
        lock (_pipelines)
        {
            _pipelines.ForEach(p => total.Add(p.Counters));
        }

        return total;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SensorLog.Capturing(
            logger,
            runtime.Source.Description,
            runtime.CaptureOptions.Filter,
            runtime.Detector.RuleCount,
            runtime.RulesPath
        );
        if (
            OperatingSystem.IsLinux()
            && Environment.GetEnvironmentVariable(Privileges.PrivilegeReduction.MarkerVariable) is not null
        )
        {
            SensorLog.Capabilities(logger, Privileges.PrivilegeReduction.Effective());
        }
        _clock.Start();
        _thread = new Thread(Capture) { Name = "capture", IsBackground = true };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        _thread?.Join();
        lock (_pipelines)
        {
            _pipelines.ForEach(p => p.Complete());
        }

        runtime.Detector.Complete();
        runtime.Stdout.Flush();
        foreach (
            string line in RunSummary.Lines(
                runtime.Source.Description,
                Totals(),
                runtime.Detector,
                runtime.Source.KernelDrops,
                _clock.Elapsed
            )
        )
        {
            SensorLog.Summary(logger, line);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _stop.Dispose();

    private void Capture()
    {
        try
        {
            runtime.Source.Run(
                name =>
                {
                    var pipeline = new DnsPipeline(runtime.Detector, runtime.Options.Limits.TcpReassembly);
                    lock (_pipelines)
                    {
                        _pipelines.Add(pipeline);
                    }

                    return runtime.Pcap is null ? pipeline : new RecordingPacketHandler(pipeline, runtime.Pcap, name);
                },
                _stop.Token
            );
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SensorLog.CaptureFailed(logger, e);
            Environment.ExitCode = ExitCodes.RuntimeFailure;
            lifetime.StopApplication();
        }
    }
}
