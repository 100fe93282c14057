using System.Text;
using IpLookupSensor.Sensor.Cli;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>Runs <c>replay</c> in-process, capturing what it prints.</summary>
internal static class Replay
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The summary without its elapsed-time line, which differs from run to run.</summary>
        public string StableSummary =>
            string.Join(
                '\n',
                Stderr.Split('\n').Where(l => l.Length > 0 && !l.Contains("elapsed", StringComparison.Ordinal))
            );
    }

    public static Result Run(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        int exitCode = ReplayCommand.Execute(args, stdout, stderr);
        return new Result(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }
}
