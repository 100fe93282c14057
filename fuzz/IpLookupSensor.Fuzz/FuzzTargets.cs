using IpLookupSensor.Fuzz.Targets;

namespace IpLookupSensor.Fuzz;

/// <summary>
/// What is fuzzed: every parser that reads what an attacker can send or write. An exception a target does not
/// expect (a refusal the parser is designed to give is expected) or a broken oracle fails the run: afl-fuzz saves
/// the input as a crash.
/// </summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(
        StringComparer.Ordinal
    )
    {
        ["frames"] = FrameTarget.Run,
        ["dns"] = DnsMessageTarget.Run,
        ["capture"] = CaptureFileTarget.Run,
        ["eql"] = EqlTarget.Run,
        ["rule"] = RuleFileTarget.Run,
        ["syslog"] = SyslogFormatterTarget.Run,
        ["attribution"] = AttributionParserTarget.Run,
    };
}
