using System.Globalization;

namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>
/// Parses <c>udp|tcp|tls://host[:port][?option=value&amp;…]</c> into a <see cref="SyslogDestination"/>, refusing
/// anything it does not understand with a message that says what to write instead.
/// </summary>
internal static class SyslogUri
{
    /// <summary>32473 is IANA's documentation number (RFC 5612): set sdid= to your own enterprise number.</summary>
    public const string DefaultStructuredDataId = "alert@32473";

    public const int MinMessageBytes = 480; // what RFC 5424 §6.1 says every receiver must accept
    public const int DefaultUdpMessageBytes = 2048; // RFC 5426: what every receiver should accept
    public const int DefaultStreamMessageBytes = 8192; // RFC 5425 §4.3.1 and rsyslog's default
    public const int MaxStreamMessageBytes = 1 << 20;

    private static readonly string[] s_options =
    [
        "format",
        "framing",
        "facility",
        "app",
        "sdid",
        "maxsize",
        "ca",
        "name",
        "fingerprint",
        "cert",
        "key",
    ];
    private static readonly string[] s_tlsOptions = ["ca", "name", "fingerprint", "cert", "key"];

    private static readonly Dictionary<string, int> s_facilities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kern"] = 0,
        ["user"] = 1,
        ["mail"] = 2,
        ["daemon"] = 3,
        ["auth"] = 4,
        ["syslog"] = 5,
        ["lpr"] = 6,
        ["news"] = 7,
        ["uucp"] = 8,
        ["cron"] = 9,
        ["authpriv"] = 10,
        ["ftp"] = 11,
        ["ntp"] = 12,
        ["security"] = 13,
        ["audit"] = 13,
        ["console"] = 14,
        ["clock"] = 15,
        ["local0"] = 16,
        ["local1"] = 17,
        ["local2"] = 18,
        ["local3"] = 19,
        ["local4"] = 20,
        ["local5"] = 21,
        ["local6"] = 22,
        ["local7"] = 23,
    };

    public static SyslogDestination Parse(string text)
    {
        if (!System.Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Error(text, "not a URI; write udp://HOST:PORT, tcp://HOST:PORT or tls://HOST:PORT");
        }

        SyslogTransport transport = uri.Scheme switch
        {
            "udp" => SyslogTransport.Udp,
            "tcp" => SyslogTransport.Tcp,
            "tls" => SyslogTransport.Tls,
            _ => throw Error(text, $"unknown scheme '{uri.Scheme}'; use udp, tcp or tls"),
        };
        if (uri.AbsolutePath is not ("" or "/") || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Error(text, "only HOST:PORT and ?options belong in a syslog URI");
        }

        Dictionary<string, string> options = Options(text, uri.Query);
        if (transport != SyslogTransport.Tls && options.Keys.FirstOrDefault(s_tlsOptions.Contains) is string tlsOnly)
        {
            throw Error(text, $"{tlsOnly}= is a TLS option; use tls://");
        }

        SyslogFormat format = options.TryGetValue("format", out string? f)
            ? f switch
            {
                "rfc5424" => SyslogFormat.Rfc5424,
                "rfc3164" => SyslogFormat.Rfc3164,
                "cef" => SyslogFormat.Cef,
                "leef" => SyslogFormat.Leef,
                "json" => SyslogFormat.Json,
                _ => throw Error(text, $"format={f}: use rfc5424, rfc3164, cef, leef or json"),
            }
            : SyslogFormat.Rfc5424;

        SyslogFraming framing = Framing(text, transport, format, options);
        int maxDefault = transport == SyslogTransport.Udp ? DefaultUdpMessageBytes : DefaultStreamMessageBytes;
        int maxLimit = transport == SyslogTransport.Udp ? 65_000 : MaxStreamMessageBytes; // a datagram holds < 64 KiB
        int maxSize = options.TryGetValue("maxsize", out string? m)
            ? int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= MinMessageBytes
            && n <= maxLimit
                ? n
                : throw Error(text, $"maxsize={m}: give bytes from {MinMessageBytes} to {maxLimit}")
            : maxDefault;
        if (format == SyslogFormat.Rfc3164)
        {
            maxSize = Math.Min(maxSize, 1024); // RFC 3164 §4.1
        }

        string host = uri.IdnHost;
        return new SyslogDestination
        {
            Uri = text,
            Transport = transport,
            Host = host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? (transport == SyslogTransport.Tls ? 6514 : 514) : uri.Port,
            Format = format,
            Framing = framing,
            Facility = options.TryGetValue("facility", out string? fac) ? Facility(text, fac) : 16,
            AppName = options.TryGetValue("app", out string? app)
                ? HeaderName(text, "app", app, 48)
                : "iplookup-sensor",
            StructuredDataId = options.TryGetValue("sdid", out string? sdid)
                ? StructuredDataId(text, sdid)
                : DefaultStructuredDataId,
            MaxMessageBytes = maxSize,
            Tls = transport == SyslogTransport.Tls ? Tls(text, host, options) : null,
        };
    }

    private static Dictionary<string, string> Options(string text, string query)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!s_options.Contains(name))
            {
                throw Error(text, $"unknown option '{name}'; known: {string.Join(", ", s_options)}");
            }

            if (value.Length == 0 || !options.TryAdd(name, value))
            {
                throw Error(text, $"give {name}= exactly once, with a value");
            }
        }

        return options;
    }

    private static SyslogFraming Framing(
        string text,
        SyslogTransport transport,
        SyslogFormat format,
        Dictionary<string, string> options
    )
    {
        if (!options.TryGetValue("framing", out string? framing))
        {
            // JSON lines are read by line-splitting inputs; everything syslog-shaped is octet-counted (RFC 5425 §4.3).
            return format == SyslogFormat.Json ? SyslogFraming.LineFeed : SyslogFraming.OctetCounting;
        }

        if (transport == SyslogTransport.Udp)
        {
            throw Error(text, "framing= applies to tcp:// and tls:// only (UDP sends one message per datagram)");
        }

        return framing switch
        {
            "octet" => SyslogFraming.OctetCounting,
            "lf" => SyslogFraming.LineFeed,
            _ => throw Error(text, $"framing={framing}: use octet or lf"),
        };
    }

    private static int Facility(string text, string value) =>
        s_facilities.TryGetValue(value, out int named) ? named
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number <= 23 ? number
        : throw Error(text, $"facility={value}: give 0–23 or a name such as local0, auth, security");

    private static string HeaderName(string text, string option, string value, int maxLength) =>
        value.Length <= maxLength && value.All(c => c is >= '!' and <= '~') && value != "-"
            ? value
            : throw Error(text, $"{option}={value}: use 1 to {maxLength} printable ASCII characters, no spaces");

    private static string StructuredDataId(string text, string value)
    {
        int at = value.IndexOf('@', StringComparison.Ordinal);
        bool valid =
            value.Length <= 32
            && at > 0
            && at < value.Length - 1
            && value.All(c => c is >= '!' and <= '~' and not ('=' or ']' or '"'))
            && value[(at + 1)..].All(c => char.IsAsciiDigit(c) || c == '.')
            && value.IndexOf('@', at + 1) < 0;
        return valid
            ? value
            : throw Error(
                text,
                $"sdid={value}: write NAME@ENTERPRISE-NUMBER (at most 32 characters), e.g. alert@32473"
            );
    }

    private static TlsSettings Tls(string text, string host, Dictionary<string, string> options)
    {
        byte[]? fingerprint = null;
        if (options.TryGetValue("fingerprint", out string? pin))
        {
            string hex = pin.Replace(":", string.Empty, StringComparison.Ordinal);
            if (hex.StartsWith("sha256/", StringComparison.OrdinalIgnoreCase))
            {
                hex = hex[7..];
            }

            fingerprint =
                hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
                    ? Convert.FromHexString(hex)
                    : throw Error(
                        text,
                        $"fingerprint={pin}: give the SHA-256 of the server certificate as 64 hex digits (colons "
                            + $"allowed)"
                    );
        }

        options.TryGetValue("key", out string? key);
        options.TryGetValue("cert", out string? cert);
        if (key is not null && cert is null)
        {
            throw Error(text, "key= needs cert= (a PEM certificate with its key, or a PKCS#12 file without key=)");
        }

        return new TlsSettings
        {
            CaFile = options.GetValueOrDefault("ca"),
            ServerName = options.GetValueOrDefault("name") ?? host,
            Fingerprint = fingerprint,
            CertificateFile = cert,
            KeyFile = key,
        };
    }

    private static SyslogConfigurationException Error(string text, string what) => new($"--syslog {text}: {what}");
}
