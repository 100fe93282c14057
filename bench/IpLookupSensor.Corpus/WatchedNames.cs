namespace IpLookupSensor.Corpus;

/// <summary>
/// The names of the seed rule (dns.question.name : ("*api.ipify.org", …)), matched here with plain string tests,
/// independently of the sensor's EQL engine, so the truth file can check it.
/// </summary>
internal static class WatchedNames
{
    /// <summary>The rule's patterns: each "*suffix", plus "*ifconfig.*".</summary>
    private static readonly string[] Suffixes =
    [
        "api.ipify.org",
        "freegeoip.app",
        "checkip.amazonaws.com",
        "checkip.dyndns.org",
        "icanhazip.com",
        "ipecho.net",
        "ipgeoapi.com",
        "ipinfo.io",
        "ip.anysrc.net",
        "myexternalip.com",
        "myipaddress.com",
        "showipaddress.com",
        "whatismyipaddress.com",
        "wtfismyip.com",
        "ipapi.co",
        "ip-lookup.net",
        "ipstack.com",
    ];

    /// <summary>Real lookups of these services, as clients send them.</summary>
    public static readonly string[] Lookups =
    [
        "api.ipify.org",
        "icanhazip.com",
        "ipv4.icanhazip.com",
        "ifconfig.me",
        "ifconfig.co",
        "ifconfig.io",
        "checkip.amazonaws.com",
        "checkip.dyndns.org",
        "ipinfo.io",
        "ipecho.net",
        "myexternalip.com",
        "wtfismyip.com",
        "ipapi.co",
        "freegeoip.app",
        "www.whatismyipaddress.com",
        "ip.anysrc.net",
        "api.ipstack.com",
        "ipgeoapi.com",
        "www.showipaddress.com",
        "api64.ipify.org", // a real service the rule misses
    ];

    /// <summary>Names that look close: most match no pattern, a few do (a suffix test has no label boundary).</summary>
    public static readonly string[] NearMisses =
    [
        "ipify.org",
        "api.ipify.org.cdn.example.net",
        "icanhazip.com.evil.example",
        "ipinfo.io.example.org",
        "checkip.example.com",
        "myipinfo.io",
        "ifconfig",
        "config.me",
        "notifconfig.example",
        "wtfismyip.co",
        "ipapi.com",
    ];

    public static bool IsLookupService(string name) => Lookups.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the rule's patterns match <paramref name="name"/> (EQL ':' is case-insensitive).</summary>
    public static bool MatchesRule(string name)
    {
        string lower = name.ToLowerInvariant();
        return lower.Contains("ifconfig.", StringComparison.Ordinal)
            || Suffixes.Any(s => lower.EndsWith(s, StringComparison.Ordinal));
    }
}
