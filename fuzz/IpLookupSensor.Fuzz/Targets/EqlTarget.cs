using System.Text;
using IpLookupSensor.Rules;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// An EQL query: parsed, compiled against the DNS event (both null logics) and evaluated; a refusal is expected.
/// </summary>
internal static class EqlTarget
{
    // The first reading of some fields fills a cache (an address's text, a DNS type's name), so the first input to
    // name such a field took other branches than its repeats, and afl-fuzz set those aside as unstable (94 % stable).
    // Every field is read once before fuzzing: 99.9 %.
    static EqlTarget()
    {
        foreach (string field in DnsEventFieldBinder.Instance.Fields)
        {
            if (!CompileAndEvaluate($"any where {field} != null"))
            {
                throw new InvalidOperationException($"the warm-up query on {field} was refused");
            }
        }
    }

    public static void Run(byte[] input) => CompileAndEvaluate(Encoding.UTF8.GetString(input));

    /// <summary>False when the query is refused (with either null logic).</summary>
    public static bool CompileAndEvaluate(string query)
    {
        foreach (bool strict in (ReadOnlySpan<bool>)[false, true])
        {
            CompiledQuery<DnsEvent> compiled;
            try
            {
                var options = new EqlOptions { StrictNullLogic = strict };
                compiled = new EqlCompiler<DnsEvent>(DnsEventFieldBinder.Instance, options).Compile(query);
            }
            catch (EqlException)
            {
                return false;
            }

            foreach (DnsEvent e in SampleEvents.All)
            {
                compiled.Matches(e);
            }
        }

        return true;
    }
}
