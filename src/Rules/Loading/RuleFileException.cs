namespace IpLookupSensor.Rules.Loading;

/// <summary>A rule file that cannot be loaded; carries the refusal to report.</summary>
public sealed class RuleFileException(RuleRefusal refusal) : Exception(refusal.ToString())
{
    public RuleRefusal Refusal { get; } = refusal;
}
