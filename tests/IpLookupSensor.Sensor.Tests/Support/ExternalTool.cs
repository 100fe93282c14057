using System.Diagnostics;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>
/// Runs an installed program (tshark, dig, ip) and returns what it printed; fails the test if it is missing.
/// </summary>
internal static class ExternalTool
{
    public sealed record Output(int ExitCode, string Stdout, string Stderr);

    public static Output Run(string program, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }

        return new Output(process.ExitCode, stdout.Result, stderr.Result);
    }
}
