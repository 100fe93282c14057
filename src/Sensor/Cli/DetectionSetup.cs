using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Cli;

/// <summary>What replay and run share: --rules, --strict-null-logic and --events, turned into the event sink chain.</summary>
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
        ArgumentReader arguments, NdjsonWriter output, IAlertSink alerts, string? observerHostname, TextWriter stderr,
        Enrichment.IEventAttributor? attributor = null, string? defaultRules = null)
    {
        string path = arguments.Single("--rules") ?? defaultRules ?? RuleCatalog.ShippedRulesPath;
        var catalog = RuleCatalog.Load(path, new EqlOptions { StrictNullLogic = arguments.Flag("--strict-null-logic") });
        foreach (Rules.Loading.RuleRefusal refusal in catalog.Refused)
        {
            stderr.WriteLine($"iplookup-sensor: warning: rule refused: {refusal}");
        }

        if (catalog.Rules.Count == 0 && catalog.Refused.Count > 0)
        {
            throw new UsageException($"--rules {path}: every rule was refused (see the warnings above)");
        }

        IDnsEventSink? events = arguments.Flag("--events") ? new EventPrinter(output, observerHostname) : null;
        return new Detector(catalog.Rules, alerts, new AlertFactory(observerHostname, TimeProvider.System), events, attributor);
    }
}
