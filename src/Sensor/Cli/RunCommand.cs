using IpLookupSensor.Sensor.Enrichment;
using IpLookupSensor.Sensor.Service;
using IpLookupSensor.Sensor.Service.Privileges;

namespace IpLookupSensor.Sensor.Cli;

/// <summary><c>run</c>: live capture until Ctrl-C or SIGTERM, then a clean stop with a summary.</summary>
internal static class RunCommand
{
    public static readonly string Usage = $"""
        usage: iplookup-sensor run [--config FILE] [--interface NAME]... [--filter BPF] [--mode host|gateway]
                                   [--no-ebpf] [--history-poll MS] [--resolver NAME]... [--resolver-window S]
                                   [--rules PATH] [--strict-null-logic] [--events]
                                   [--syslog URI]... [--spool DIR] [--spool-quota SIZE] [--drain-timeout S]
                                   [--summary-interval S] [--prometheus ADDRESS:PORT]

          --config FILE        JSON settings (docs/configuration.md); precedence: appsettings.json beside the
                               executable, then FILE, then IPLOOKUP_* environment variables, then these options

          --interface NAME     capture on NAME (repeatable); default: every interface that is up, loopback included
          --filter BPF         kernel capture filter; default: "udp port 53 or tcp port 53", and in host mode
                               the first packet of each TCP connection, for --resolver-window
          --mode MODE          host (default): name the local process and user behind each lookup;
                               gateway: the traffic is other hosts', events are marked not_applicable
          --no-ebpf            Linux host mode: do not load the send trace (the kernel recording who sends each DNS
                               query, which names a client that exits at once; needs CAP_BPF and CAP_PERFMON at start)
          --history-poll MS    Linux host mode: how often new processes' sockets are recorded, so a client that
                               exits before its lookup is still named; default 0 (off) while the send trace runs,
                               else 1; 0 turns it off
          --resolver NAME      host mode: a local resolver's process name (repeatable); its upstream copies of other
                               processes' lookups are marked resolver_only, not attributed to it; default:
                               systemd-resolved, dnsmasq, unbound, nscd (Windows: svchost.exe)
          --resolver-window S  host mode: hold a resolver's upstream lookup up to S seconds for a local process to
                               connect to its answer, which names that process (via_resolver); default 30, 0: off
          --write-pcap FILE    also write every captured frame to FILE (pcapng)
          --record-attribution FILE
                               also write each process and user found to FILE, for replay --attribution
        {DetectionSetup.OptionsUsage}
        {AlertOutputSetup.OptionsUsage}
          --drain-timeout S    on stop, wait up to S seconds for the collectors to have every alert; default 10
          --summary-interval S log a one-line summary every S seconds; default 300, 0 turns it off
          --prometheus ADDRESS:PORT
                               serve metrics in Prometheus format at http://ADDRESS:PORT/metrics (loopback only)

        Alerts go to stdout as ECS NDJSON, or to the --syslog collectors. Needs root or CAP_NET_RAW (and, to name
        other users' processes, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH; for the send trace, CAP_BPF and CAP_PERFMON,
        given up once it is loaded). Rule files and the --config file are watched: a change is applied without
        stopping capture. Stops on Ctrl-C, SIGTERM or a service stop, with a summary on stderr (or in the journal).
        """;

    public static int Execute(IReadOnlyList<string> args, Stream stdout)
    {
        var arguments = new ArgumentReader("run", args, SensorConfiguration.ValueOptions, SensorConfiguration.Flags);
        if (arguments.Positionals.Count > 0)
        {
            throw new UsageException(
                $"run: unexpected argument '{arguments.Positionals[0]}' (interfaces go after --interface)"
            );
        }

        var configuration = new SensorConfigurationSource(arguments);
        SensorOptions options = configuration.Load();
        if (OperatingSystem.IsLinux())
        {
            // Before anything else is opened: the send trace needs capabilities to load, not to be read, so it is
            // loaded first and handed to the process that starts again with only what it needs (or goes on with a
            // warning).
            SendTraceStartup.Start(options);
            PrivilegeReduction.RestartWithOnly(
                PrivilegeReduction.Needed(options),
                warning => Console.Error.WriteLine($"iplookup-sensor: warning: {warning}"),
                handOff: SendTraceStartup.HandOff
            );
        }

        return SensorHost.Run(options, configuration, stdout);
    }
}
