using IpLookupSensor.Rules;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Loading;
using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// Loads rule files and compiles each against the DNS event. A rule that cannot run exactly is refused with its
/// file, line and reason, and never stops the others from loading.
/// </summary>
internal sealed class RuleCatalog
{
    private RuleCatalog(List<ActiveRule> rules, List<RuleRefusal> refused)
    {
        Rules = rules;
        Refused = refused;
    }

    /// <summary>The shipped rules, copied beside the executable.</summary>
    public static string ShippedRulesPath => Path.Combine(AppContext.BaseDirectory, "rules");

    public IReadOnlyList<ActiveRule> Rules { get; }

    public IReadOnlyList<RuleRefusal> Refused { get; }

    public static RuleCatalog Load(string path, EqlOptions options)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new Cli.UsageException($"--rules {path}: no such file or folder");
        }

        var rules = new List<ActiveRule>();
        var refused = new List<RuleRefusal>();
        foreach (string file in RuleLoader.RuleFiles(path))
        {
            try
            {
                rules.Add(Compile(RuleLoader.LoadFile(file), options));
            }
            catch (RuleFileException e)
            {
                refused.Add(e.Refusal);
            }
            catch (RuleCompileException e)
            {
                refused.Add(e.Refusal);
            }
        }

        return new RuleCatalog(rules, refused);
    }

    private static ActiveRule Compile(DetectionRule rule, EqlOptions options)
    {
        CompiledQuery<DnsEvent> query;
        try
        {
            EqlOptions ruleOptions = options with
            {
                CategoryField = rule.EventCategoryOverride ?? options.CategoryField,
            };
            query = new EqlCompiler<DnsEvent>(DnsEventFieldBinder.Instance, ruleOptions).Compile(rule.Query);
        }
        catch (EqlException e)
        {
            throw new RuleCompileException(rule.RefusalAt(e));
        }

        FieldAccessor<DnsEvent>[] groupBy =
        [
            .. (rule.AlertSuppression?.GroupBy ?? []).Select(field =>
                DnsEventFieldBinder.Instance.Bind(field)
                ?? throw new RuleCompileException(
                    new RuleRefusal(
                        rule.SourceFile,
                        0,
                        0,
                        $"alert_suppression.group_by names '{field}', a field these events never have"
                    )
                )
            ),
        ];
        return new ActiveRule(rule, query, groupBy);
    }

    private sealed class RuleCompileException(RuleRefusal refusal) : Exception(refusal.ToString())
    {
        public RuleRefusal Refusal { get; } = refusal;
    }
}
