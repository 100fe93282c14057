using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Cli;

/// <summary>
/// What replay and run share: --rules, --strict-null-logic and --events, turned into the event sink chain.
/// </summary>
internal static class DetectionSetup
{
    public const string OptionsUsage = """
          --rules PATH         a rule file or folder of detection-rules TOML; default: the shipped rules (run: those
                               for this host's OS, or for gateways with --mode gateway)
          --strict-null-logic  evaluate with strict three-valued logic instead of Elasticsearch's (see README)
          --events             print every DNS event as ECS NDJSON on stdout, not only alerts
        """;

    public static readonly string[] ValueOptions = ["--rules"];
    public static readonly string[] Flags = ["--events", "--strict-null-logic"];

    public static Detector Create(
        ArgumentReader arguments,
        NdjsonWriter output,
        IAlertSink alerts,
        string? observerHostname,
        TextWriter stderr,
        Enrichment.IEventAttributor? attributor = null,
        string? defaultRules = null
    )
    {
        string path = arguments.Single("--rules") ?? defaultRules ?? RuleCatalog.ShippedRulesPath;
        IReadOnlyList<ActiveRule> rules = LoadRules(
            path,
            arguments.Flag("--strict-null-logic"),
            line => stderr.WriteLine("iplookup-sensor: " + line)
        );
        IDnsEventSink? events = arguments.Flag("--events") ? new EventPrinter(output, observerHostname) : null;
        return new Detector(rules, alerts, new AlertFactory(observerHostname, TimeProvider.System), events, attributor);
    }

    /// <summary>
    /// The rules at <paramref name="path"/>, with a warning per refused rule; refuses a path where every rule is
    /// refused.
    /// </summary>
    public static IReadOnlyList<ActiveRule> LoadRules(string path, bool strictNullLogic, Action<string> warn)
    {
        var catalog = RuleCatalog.Load(path, new EqlOptions { StrictNullLogic = strictNullLogic });
        foreach (Rules.Loading.RuleRefusal refusal in catalog.Refused)
        {
            warn($"warning: rule refused: {refusal}");
        }

        return catalog.Rules.Count == 0 && catalog.Refused.Count > 0
            ? throw new UsageException($"--rules {path}: every rule was refused (see the warnings above)")
            : catalog.Rules;
    }
}
