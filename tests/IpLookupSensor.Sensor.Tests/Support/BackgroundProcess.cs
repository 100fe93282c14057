using System.Collections.Concurrent;
using System.Diagnostics;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>A long-running child process whose output lines are collected as they come.</summary>
internal sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;

    public BackgroundProcess(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Add(Stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Add(Stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> Stdout { get; } = new();

    public ConcurrentQueue<string> Stderr { get; } = new();

    public int Id => _process.Id;

    /// <summary>Polls until <paramref name="condition"/> holds; gives up early if the process has exited.</summary>
    public bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition();
    }

    /// <summary>Sends SIGTERM, as systemd and docker stop do, and waits for the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        ExternalTool.Run("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException("the process did not stop on SIGTERM");
        }

        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Add(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
