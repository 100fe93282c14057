using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Alerting;

/// <summary>
/// A stable alert id: a hash of the rule and of what identifies the packet's question, so the same packet replayed
/// or re-sent after a crash gives the same id and a collector can drop the duplicate.
/// </summary>
internal static class AlertId
{
    public static string For(string ruleId, int ruleVersion, DnsEvent e)
    {
        string identity = string.Create(
            CultureInfo.InvariantCulture,
            $"{ruleId}|{ruleVersion}|{e.Timestamp}|{e.Transport}|{e.SourceIpText}|{e.SourcePort}|"
                + $"{e.DestinationIpText}|{e.DestinationPort}|{e.Message.Id}|{e.QuestionIndex}|{e.QuestionName}"
        );
        return Of(identity);
    }

    /// <summary>
    /// The id of anything identified by <paramref name="identity"/>: 128 bits of its SHA-256, in hex.
    /// </summary>
    public static string Of(string identity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 16));
}
