namespace IpLookupSensor.Rules.Loading;

/// <summary>A rule file that was not loaded, and why: <c>file:line:column: reason</c>.</summary>
public sealed record RuleRefusal(string File, int Line, int Column, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Reason}" : $"{File}: {Reason}";
}
