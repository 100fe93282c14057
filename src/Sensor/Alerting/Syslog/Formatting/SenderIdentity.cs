namespace IpLookupSensor.Sensor.Alerting.Syslog.Formatting;

/// <summary>The sensor as it names itself in headers; only printable ASCII, as RFC 5424 §6.2 requires.</summary>
internal sealed record SenderIdentity(string Hostname, int ProcessId, string Version)
{
    public static SenderIdentity ForThisProcess() =>
        new(
            HeaderValue(Environment.MachineName, 255),
            Environment.ProcessId,
            typeof(SenderIdentity).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"
        );

    /// <summary>A header field value: printable ASCII only (others become '_'), capped, <c>-</c> when empty.</summary>
    public static string HeaderValue(string value, int maxLength)
    {
        string clean = new([.. value.Take(maxLength).Select(c => c is >= '!' and <= '~' ? c : '_')]);
        return clean.Length == 0 ? "-" : clean;
    }
}
