using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>The message a destination gets once it is back: how many alerts its spool had to drop meanwhile.</summary>
internal static class SpoolDropAlert
{
    public static Alert Create(long dropped, SyslogDestination destination, long quotaBytes, DateTime now)
    {
        string reason =
            $"{dropped} alerts for {destination.Uri} were dropped: its spool reached its quota of {quotaBytes} bytes "
            + $"while the collector could not be reached";
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(
                "@timestamp",
                now.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)
            );
            json.WriteStartObject("event");
            json.WriteString("kind", "alert");
            json.WriteString("action", "alerts_dropped");
            json.WriteEndObject();
            json.WriteString("message", reason);
            json.WriteStartObject("iplookup");
            json.WriteStartObject("spool");
            json.WriteNumber("dropped", dropped);
            json.WriteNumber("quota_bytes", quotaBytes);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        long nanoseconds = (now - DateTime.UnixEpoch).Ticks * 100;
        return new Alert
        {
            Id = AlertId.Of(string.Create(CultureInfo.InvariantCulture, $"{destination.Uri}|{nanoseconds}|{dropped}")),
            Kind = AlertKind.SpoolDropped,
            Created = now,
            Timestamp = nanoseconds,
            RuleId = "spool",
            RuleName = "iplookup-sensor spool quota",
            RuleVersion = 1,
            Severity = "medium",
            RiskScore = 0,
            Reason = reason,
            EcsJson = buffer.WrittenSpan.ToArray(),
        };
    }
}
