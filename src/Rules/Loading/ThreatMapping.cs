namespace IpLookupSensor.Rules.Loading;

/// <summary>One <c>[[rule.threat]]</c> entry: a MITRE ATT&amp;CK tactic and the techniques under it.</summary>
public sealed record ThreatMapping(string Framework, ThreatReference Tactic, IReadOnlyList<ThreatTechnique> Techniques);

public sealed record ThreatReference(string Id, string Name, string? Reference);

public sealed record ThreatTechnique(
    string Id,
    string Name,
    string? Reference,
    IReadOnlyList<ThreatReference> Subtechniques
);
