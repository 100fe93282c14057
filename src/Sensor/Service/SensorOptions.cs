using IpLookupSensor.Sensor.Capture.Live;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// Everything <c>run</c> can be told, with its default: from appsettings.json beside the executable, then
/// <c>--config FILE</c>, then <c>IPLOOKUP_…</c> environment variables, then the command line (docs/configuration.md).
/// </summary>
internal sealed class SensorOptions
{
    /// <summary>host: name the local process and user behind each lookup; gateway: other hosts' traffic.</summary>
    public string Mode { get; set; } = "host";

    /// <summary>Empty: every interface that is up, loopback included.</summary>
    public List<string> Interfaces { get; set; } = [];

    public string Filter { get; set; } = LiveCaptureOptions.DefaultFilter;

    /// <summary>
    /// Linux host mode: how often new processes' sockets are recorded; 0 turns the poller off. Unset: off while the
    /// send trace runs (it names clients that exit at once by itself), else 1.
    /// </summary>
    public int? HistoryPollMilliseconds { get; set; }

    /// <summary>
    /// Linux host mode: the kernel records who sends each DNS query (eBPF), so clients that exit at once are named.
    /// </summary>
    public bool Ebpf { get; set; } = true;

    /// <summary>A rule file or folder; empty: the shipped rules for this OS, or for gateways.</summary>
    public string? Rules { get; set; }

    public bool StrictNullLogic { get; set; }

    /// <summary>Every DNS event on stdout as ECS NDJSON, not only alerts.</summary>
    public bool Events { get; set; }

    public string? WritePcap { get; set; }

    public string? RecordAttribution { get; set; }

    /// <summary>
    /// Host mode: names of local resolver processes; their upstream copies of lookups are resolver_only. On Windows
    /// the DNS Client service, in svchost.exe, sends every application's lookups.
    /// </summary>
    public List<string> ResolverProcesses { get; set; } =
        OperatingSystem.IsWindows() ? ["svchost.exe"] : ["systemd-resolved", "dnsmasq", "unbound", "nscd"];

    /// <summary>
    /// Host mode: how long a resolver's upstream query waits for the process that asked it to connect to an answer
    /// (via_resolver); 0 turns the correlation off and such queries go out at once as resolver_only.
    /// </summary>
    public int ResolverWindowSeconds { get; set; } = 30;

    /// <summary>Syslog destination URIs (docs/syslog-output.md); empty: alerts on stdout.</summary>
    public List<string> Syslog { get; set; } = [];

    public SpoolOptions Spool { get; set; } = new();

    public MetricsOptions Metrics { get; set; } = new();

    public LimitsOptions Limits { get; set; } = new();

    /// <summary>How long a stop waits for the collectors to have every alert; the rest stays spooled.</summary>
    public int DrainTimeoutSeconds { get; set; } = (int)Alerting.Syslog.SyslogOutput.DefaultDrainTimeout.TotalSeconds;
}
