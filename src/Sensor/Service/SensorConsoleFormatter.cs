using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// One line per message on stderr, as the other commands print: <c>iplookup-sensor: [warning: |error: ]message</c>.
/// Under systemd the journal's own format replaces it (AddSystemd), so priorities reach journald.
/// </summary>
internal sealed class SensorConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "iplookup";

    public override void Write<TState>(
        in LogEntry<TState> logEntry,
        Microsoft.Extensions.Logging.IExternalScopeProvider? scopeProvider,
        TextWriter textWriter
    )
    {
        string message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        string level = logEntry.LogLevel switch
        {
            LogLevel.Warning when !message.StartsWith("warning:", StringComparison.Ordinal) => "warning: ",
            LogLevel.Error or LogLevel.Critical => "error: ",
            _ => string.Empty,
        };
        textWriter.Write("iplookup-sensor: ");
        textWriter.Write(level);
        textWriter.WriteLine(logEntry.Exception is null ? message : $"{message}: {logEntry.Exception.Message}");
    }
}
