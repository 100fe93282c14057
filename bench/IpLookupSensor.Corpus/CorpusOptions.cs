namespace IpLookupSensor.Corpus;

/// <summary>What to generate; percentages are of transactions (a query and its response).</summary>
internal sealed record CorpusOptions(
    long Frames,
    ulong Seed,
    string Output,
    string? TruthFile,
    double Ipv6Percent = 20,
    double TcpPercent = 1,
    double WatchedPercent = 1,
    double EdnsPercent = 40
);
