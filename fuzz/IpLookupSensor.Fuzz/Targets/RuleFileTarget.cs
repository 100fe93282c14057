using System.Text;
using IpLookupSensor.Rules.Loading;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// A detection-rules TOML file: loaded, then its query compiled and run; a refusal with a position is expected.
/// </summary>
internal static class RuleFileTarget
{
    public static void Run(byte[] input)
    {
        DetectionRule rule;
        try
        {
            rule = RuleLoader.Load(Encoding.UTF8.GetString(input), "fuzz.toml");
        }
        catch (RuleFileException)
        {
            return;
        }

        EqlTarget.CompileAndEvaluate(rule.QueryText);
    }
}
