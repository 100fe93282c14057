namespace IpLookupSensor.Corpus;

/// <summary>What a population of clients asks: popular sites, generated subdomains, reverse lookups, internal
/// services, the IP-lookup services and names that look like them.</summary>
internal static class NameMix
{
    private static readonly string[] Popular =
    [
        "google.com",
        "googleapis.com",
        "gstatic.com",
        "microsoft.com",
        "windowsupdate.com",
        "apple.com",
        "icloud.com",
        "amazonaws.com",
        "cloudfront.net",
        "akamaiedge.net",
        "office.com",
        "live.com",
        "azureedge.net",
        "youtube.com",
        "doubleclick.net",
        "facebook.com",
        "fbcdn.net",
        "instagram.com",
        "whatsapp.net",
        "linkedin.com",
        "netflix.com",
        "spotify.com",
        "slack.com",
        "zoom.us",
        "github.com",
        "githubusercontent.com",
        "cloudflare.com",
        "fastly.net",
        "digicert.com",
        "letsencrypt.org",
        "ubuntu.com",
        "debian.org",
        "mozilla.org",
        "wikipedia.org",
        "bing.com",
        "adobe.com",
        "dropbox.com",
        "salesforce.com",
        "okta.com",
        "atlassian.net",
        "reddit.com",
        "paypal.com",
        "stripe.com",
        "shopify.com",
        "jsdelivr.net",
        "npmjs.org",
        "pypi.org",
        "docker.io",
        "sentry.io",
        "datadoghq.com",
    ];

    private static readonly string[] Hosts =
    [
        "www",
        "api",
        "cdn",
        "static",
        "login",
        "mail",
        "img",
        "assets",
        "accounts",
        "update",
        "telemetry",
        "edge",
        "app",
        "m",
    ];

    public static string Pick(ref SplitMix random, double watchedPercent, out NameKind kind)
    {
        if (random.Percent(watchedPercent))
        {
            kind = NameKind.Watched;
            return WatchedNames.Lookups[random.Below(WatchedNames.Lookups.Length)];
        }

        int roll = random.Below(1000);
        kind = roll switch
        {
            < 3 => NameKind.NearMiss,
            < 40 => NameKind.Reverse,
            _ => NameKind.Ordinary,
        };
        return roll switch
        {
            < 3 => WatchedNames.NearMisses[random.Below(WatchedNames.NearMisses.Length)],
            < 30 => ReverseV4(ref random),
            < 40 => ReverseV6(ref random),
            < 70 => $"_ldap._tcp.dc{random.Below(4)}._msdcs.corp.example",
            < 120 => $"host{random.Below(500)}.corp.example",
            < 220 =>
                $"{Hex(ref random, 8)}.{Hosts[random.Below(Hosts.Length)]}.{Popular[random.Popular(Popular.Length)]}",
            < 260 => $"ec2-{random.Below(256)}-{random.Below(256)}-{random.Below(256)}-{random.Below(256)}"
                + ".compute-1.amazonaws.com",
            < 400 => Popular[random.Popular(Popular.Length)],
            _ => $"{Hosts[random.Popular(Hosts.Length)]}.{Popular[random.Popular(Popular.Length)]}",
        };
    }

    /// <summary>0x20 encoding (draft-vixie-dnsext-dns0x20): some resolvers randomize the case of each letter.</summary>
    public static string MixCase(ref SplitMix random, string name)
    {
        Span<char> chars = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            chars[i] =
                char.IsAsciiLetterLower(name[i]) && (random.Next() & 1) == 0 ? char.ToUpperInvariant(name[i]) : name[i];
        }

        return new string(chars);
    }

    private static string ReverseV4(ref SplitMix random) =>
        $"{random.Below(256)}.{random.Below(256)}.{random.Below(256)}.{random.Below(256)}.in-addr.arpa";

    private static string ReverseV6(ref SplitMix random)
    {
        const string Digits = "0123456789abcdef";
        Span<char> nibbles = stackalloc char[64];
        for (int i = 0; i < 32; i++)
        {
            nibbles[2 * i] = Digits[random.Below(16)];
            nibbles[(2 * i) + 1] = '.';
        }

        return string.Concat(nibbles, "ip6.arpa");
    }

    private static string Hex(ref SplitMix random, int length)
    {
        const string Digits = "0123456789abcdef";
        Span<char> chars = stackalloc char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = Digits[random.Below(16)];
        }

        return new string(chars);
    }
}

internal enum NameKind
{
    Ordinary,
    Reverse,
    Watched,
    NearMiss,
}
