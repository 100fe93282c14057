using System.Text;
using IpLookupSensor.Rules;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Sensor.Detection;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>An EQL query: parsed, compiled against the DNS event (both null logics) and evaluated; a refusal is expected.</summary>
internal static class EqlTarget
{
    public static void Run(byte[] input) => CompileAndEvaluate(Encoding.UTF8.GetString(input));

    public static void CompileAndEvaluate(string query)
    {
        foreach (bool strict in (ReadOnlySpan<bool>)[false, true])
        {
            CompiledQuery<DnsEvent> compiled;
            try
            {
                compiled = new EqlCompiler<DnsEvent>(DnsEventFieldBinder.Instance, new EqlOptions { StrictNullLogic = strict }).Compile(query);
            }
            catch (EqlException)
            {
                return;
            }

            foreach (DnsEvent e in SampleEvents.All)
            {
                compiled.Matches(e);
            }
        }
    }
}
