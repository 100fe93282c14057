using System.Globalization;
using IpLookupSensor.Sensor.Cli;
using Microsoft.Extensions.Configuration;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// Builds <see cref="SensorOptions"/> from, in rising precedence: the defaults in code, appsettings.json beside the
/// executable, <c>--config FILE</c>, <c>IPLOOKUP_</c> environment variables (<c>IPLOOKUP_Syslog__0</c>) and the
/// command line. A list given on the command line replaces the configured one whole. Unknown keys are refused: a
/// typo must not silently change what the sensor does.
/// </summary>
internal static class SensorConfiguration
{
    public const string EnvironmentPrefix = "IPLOOKUP_";

    public static readonly string[] ValueOptions =
    [
        "--config",
        "--interface",
        "--filter",
        "--mode",
        "--history-poll",
        "--rules",
        "--write-pcap",
        "--record-attribution",
        "--syslog",
        "--spool",
        "--spool-quota",
        "--summary-interval",
        "--prometheus",
        "--drain-timeout",
        "--resolver",
        "--resolver-window",
    ];

    public static readonly string[] Flags = ["--events", "--strict-null-logic", "--no-ebpf"];

    /// <param name="defaultsFile">appsettings.json beside the executable unless a test names another.</param>
    /// <param name="environment">the process environment unless a test gives its own variables.</param>
    public static SensorOptions Load(
        ArgumentReader arguments,
        string? defaultsFile = null,
        IReadOnlyDictionary<string, string>? environment = null
    )
    {
        string? configFile = arguments.Single("--config");
        if (configFile is not null && !File.Exists(configFile))
        {
            throw new UsageException(
                $"--config {configFile}: no such file; give the path of a JSON configuration file"
            );
        }

        var builder = new ConfigurationBuilder().AddJsonFile(
            defaultsFile ?? Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            optional: true,
            reloadOnChange: false
        );
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = (
                environment is null
                    ? builder.AddEnvironmentVariables(EnvironmentPrefix)
                    : builder.AddInMemoryCollection(
                        environment
                            .Where(v => v.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                            .Select(v =>
                                KeyValuePair.Create(
                                    v.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal),
                                    (string?)v.Value
                                )
                            )
                    )
            ).Build();
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(
                $"--config {configFile}: not valid JSON: {e.InnerException?.Message ?? e.Message}"
            );
        }

        var options = new SensorOptions();
        try
        {
            configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(
                $"configuration{(configFile is null ? string.Empty : " " + configFile)}: {e.Message} "
                    + $"(docs/configuration.md lists the settings)"
            );
        }

        ApplyCommandLine(arguments, options);
        Validate(options);
        return options;
    }

    private static void ApplyCommandLine(ArgumentReader arguments, SensorOptions options)
    {
        if (arguments.Values("--interface") is { Count: > 0 } interfaces)
        {
            options.Interfaces = [.. interfaces];
        }

        if (arguments.Values("--resolver") is { Count: > 0 } resolvers)
        {
            options.ResolverProcesses = [.. resolvers];
        }

        if (arguments.Values("--syslog") is { Count: > 0 } syslog)
        {
            options.Syslog = [.. syslog];
        }

        options.Filter = arguments.Single("--filter") ?? options.Filter;
        options.Mode = arguments.Single("--mode") ?? options.Mode;
        options.Rules = arguments.Single("--rules") ?? options.Rules;
        options.WritePcap = arguments.Single("--write-pcap") ?? options.WritePcap;
        options.RecordAttribution = arguments.Single("--record-attribution") ?? options.RecordAttribution;
        options.Spool.Path = arguments.Single("--spool") ?? options.Spool.Path;
        options.Spool.Quota = arguments.Single("--spool-quota") ?? options.Spool.Quota;
        options.Metrics.Prometheus = arguments.Single("--prometheus") ?? options.Metrics.Prometheus;
        options.HistoryPollMilliseconds = Number(arguments, "--history-poll") ?? options.HistoryPollMilliseconds;
        options.ResolverWindowSeconds = Number(arguments, "--resolver-window") ?? options.ResolverWindowSeconds;
        options.Metrics.SummaryIntervalSeconds =
            Number(arguments, "--summary-interval") ?? options.Metrics.SummaryIntervalSeconds;
        options.DrainTimeoutSeconds = Number(arguments, "--drain-timeout") ?? options.DrainTimeoutSeconds;
        options.Events |= arguments.Flag("--events");
        options.StrictNullLogic |= arguments.Flag("--strict-null-logic");
        options.Ebpf &= !arguments.Flag("--no-ebpf");
    }

    private static int? Number(ArgumentReader arguments, string name) =>
        arguments.Single(name) is not string text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value
        : throw new UsageException($"{name} {text}: give a whole number");

    private static void Validate(SensorOptions options)
    {
        if (options.Mode is not ("host" or "gateway"))
        {
            throw new UsageException($"--mode {options.Mode} (Mode): use host or gateway");
        }

        Range(
            "--history-poll",
            "HistoryPollMilliseconds",
            options.HistoryPollMilliseconds ?? 0,
            0,
            1000,
            "milliseconds from 0 (off) to 1000"
        );
        Range(
            "--resolver-window",
            "ResolverWindowSeconds",
            options.ResolverWindowSeconds,
            0,
            600,
            "seconds from 0 (off) to 600"
        );
        Range(
            "--summary-interval",
            "Metrics:SummaryIntervalSeconds",
            options.Metrics.SummaryIntervalSeconds,
            0,
            86_400,
            "seconds from 0 (off) to 86400"
        );
        Range("--drain-timeout", "DrainTimeoutSeconds", options.DrainTimeoutSeconds, 0, 600, "seconds from 0 to 600");
        LimitsOptions limits = options.Limits;
        Range("Limits:CaptureBufferMegabytes", limits.CaptureBufferMegabytes, 1, 2048, "megabytes from 1 to 2048");
        if (limits.SnapLength != 0)
        {
            Range("Limits:SnapLength", limits.SnapLength, 512, 262_144, "0 (by mode) or bytes from 512 to 262144");
        }

        Range("Limits:TcpMaxFlows", limits.TcpMaxFlows, 1, 10_000_000, "flows from 1 to 10000000");
        Range(
            "Limits:TcpMaxBytesPerFlow",
            limits.TcpMaxBytesPerFlow,
            65_537,
            16 << 20,
            "bytes from 65537 (one whole message and its length) to 16777216"
        );
        Range("Limits:TcpMaxTotalMegabytes", limits.TcpMaxTotalMegabytes, 1, 16_384, "megabytes from 1 to 16384");
        Range("Limits:TcpIdleTimeoutSeconds", limits.TcpIdleTimeoutSeconds, 1, 3600, "seconds from 1 to 3600");
        Range(
            "Limits:AttributionQueueCapacity",
            limits.AttributionQueueCapacity,
            1,
            1_000_000,
            "events from 1 to 1000000"
        );
        if (
            (options.Spool.Path is not null || options.Spool.Quota != new SpoolOptions().Quota)
            && options.Syslog.Count == 0
        )
        {
            throw new UsageException("--spool and --spool-quota (Spool) need --syslog (Syslog)");
        }
    }

    private static void Range(string key, int value, int min, int max, string what)
    {
        if (value < min || value > max)
        {
            throw new UsageException($"{key} {value}: give {what}");
        }
    }

    private static void Range(string option, string key, int value, int min, int max, string what)
    {
        if (value < min || value > max)
        {
            throw new UsageException($"{option} {value} ({key}): give {what}");
        }
    }
}
