using System.Globalization;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Cli;

/// <summary>What run and replay share for alerts: stdout NDJSON, or --syslog destinations with their spool.</summary>
internal static class AlertOutputSetup
{
    public const string OptionsUsage = """
          --syslog URI         send alerts to a collector instead of stdout (repeatable):
                               udp://HOST[:514], tcp://HOST[:514] or tls://HOST[:6514], with ?options joined by &:
                               format=rfc5424|rfc3164|cef|leef|json, framing=octet|lf, facility=local0, app=NAME,
                               sdid=NAME@PEN, maxsize=BYTES, and for tls: ca=FILE, name=SERVERNAME,
                               fingerprint=SHA256, cert=FILE key=FILE or cert=FILE.p12 (see docs/syslog-output.md)
          --spool DIR          where alerts wait until a collector has them; default: /var/lib/iplookup-sensor/spool
                               as root, ~/.local/state/iplookup-sensor/spool otherwise
          --spool-quota SIZE   disk per destination before the oldest alerts are dropped; default 100M
        """;

    public static readonly string[] ValueOptions = ["--syslog", "--spool", "--spool-quota"];

    private const long DefaultQuotaBytes = 100L << 20;

    public static (IAlertSink Sink, SyslogOutput? Syslog) Create(
        ArgumentReader arguments,
        NdjsonWriter stdout,
        Action<string> log
    )
    {
        if (
            arguments.Values("--syslog").Count == 0
            && (arguments.Single("--spool") is not null || arguments.Single("--spool-quota") is not null)
        )
        {
            throw new UsageException("--spool and --spool-quota need --syslog");
        }

        return Create(
            arguments.Values("--syslog"),
            arguments.Single("--spool"),
            arguments.Single("--spool-quota"),
            stdout,
            log
        );
    }

    public static (IAlertSink Sink, SyslogOutput? Syslog) Create(
        IReadOnlyList<string> uris,
        string? spoolPath,
        string? quota,
        NdjsonWriter stdout,
        Action<string> log
    )
    {
        if (uris.Count == 0)
        {
            return (new NdjsonAlertSink(stdout), null);
        }

        try
        {
            List<SyslogDestination> destinations = [.. uris.Select(SyslogUri.Parse)];
            if (destinations.GroupBy(SyslogOutput.FolderName).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new UsageException(
                    $"--syslog {twice.First().Uri} and {twice.Last().Uri}: the same collector in the same format "
                        + $"twice; give it once"
                );
            }

            var syslog = new SyslogOutput(
                destinations,
                spoolPath ?? DefaultSpoolPath(),
                quota is null ? DefaultQuotaBytes : Quota(quota),
                log
            );
            return (syslog, syslog);
        }
        catch (SyslogConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>A log line on stderr, whole even when destinations log at once.</summary>
    public static Action<string> StderrLog(TextWriter stderr) =>
        line =>
        {
            lock (stderr)
            {
                stderr.WriteLine("iplookup-sensor: " + line);
            }
        };

    /// <summary>Sends what is spooled (bounded by <see cref="SyslogOutput.DefaultDrainTimeout"/>; what is left goes at
    /// the next start) and prints each destination's counters.</summary>
    public static void Complete(SyslogOutput? syslog, TextWriter stderr)
    {
        if (syslog is null)
        {
            return;
        }

        syslog.Complete(SyslogOutput.DefaultDrainTimeout);
        stderr.WriteLine(string.Join('\n', syslog.Summary().Select(line => "iplookup-sensor: " + line)));
    }

    private static string DefaultSpoolPath()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData),
                "IpLookupSensor",
                "spool"
            );
        }

        if (Environment.UserName == "root")
        {
            return "/var/lib/iplookup-sensor/spool";
        }

        string state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "iplookup-sensor", "spool");
    }

    private static long Quota(string text)
    {
        long unit = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 1,
        };
        string digits = unit == 1 ? text : text[..^1];
        return
            long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            && value * unit >= 64 << 10
            && value <= (1L << 50) / unit
            ? value * unit
            : throw new UsageException(
                $"--spool-quota {text} (Spool:Quota): give a size of at least 64K, such as 500M or 2G"
            );
    }
}
