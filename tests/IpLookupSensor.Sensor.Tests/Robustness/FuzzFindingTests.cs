using System.Text;
using System.Text.Json;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Robustness;

/// <summary>
/// What coverage-guided fuzzing found (fuzz/README.md), kept as tests. The syslog target, 2026-11-29: a JSON
/// message over its size limit was the compact document cut at the limit, which no collector can parse (26 of
/// 26 saved inputs, reached with 24 characters: escapes make a character up to 6 bytes); after that fix, a CEF
/// message whose rule name filled its header exceeded its limit (32 of 32 saved inputs of the second run).
/// </summary>
public sealed class FuzzFindingTests
{
    /// <summary>
    /// The 24 characters of the smallest saved input, as the target split them: every field the same text.
    /// </summary>
    private const string Found =
        "\u0027\u7F00\u00F8\uFA00\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB"
        + "\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB\uFBFB\u0080\u0000\u2029\uFB08";

    private static readonly SenderIdentity Sender = new("sensor01.example.com", 4242, "0.1.0");

    public static TheoryData<string> Texts() =>
        [Found, new string('\u0001', 300), string.Concat(Enumerable.Repeat("\uD83D\uDE00\u0000", 400))];

    [Theory]
    [MemberData(nameof(Texts))]
    public void JsonOverItsLimit_IsStillJson_WithTheAlertsIdentity(string text)
    {
        Alert alert = Hostile(text);
        byte[] message = Format(alert, "udp://c?format=json&maxsize=480");

        Assert.InRange(message.Length, 1, 480);
        using JsonDocument json = JsonDocument.Parse(message);
        Assert.Equal(alert.Id, json.RootElement.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal(alert.RuleId, json.RootElement.GetProperty("rule").GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Rfc3164AndRfc5424OverTheirLimits_CarryJsonACollectorCanParse(string text)
    {
        Alert alert = Hostile(text);

        string rfc3164 = Encoding.ASCII.GetString(Format(alert, "udp://c?format=rfc3164"));
        using (JsonDocument json = JsonDocument.Parse(rfc3164[rfc3164.IndexOf('{', StringComparison.Ordinal)..]))
        {
            Assert.Equal(alert.Id, json.RootElement.GetProperty("event").GetProperty("id").GetString());
        }

        // RFC 5424 names the alert in its structured data; MSG is JSON, or absent when not even the shortest form fits.
        StrictSyslog.Rfc5424 rfc5424 = StrictSyslog.ParseRfc5424(Format(alert, "udp://c?maxsize=480"));
        Assert.Equal(alert.Id, rfc5424.StructuredData["alert@32473"]["id"]);
        if (rfc5424.Msg.Length > 0)
        {
            using JsonDocument body = JsonDocument.Parse(rfc5424.Msg.AsMemory(3));
            Assert.Equal(alert.Id, body.RootElement.GetProperty("event").GetProperty("id").GetString());
        }
    }

    [Theory]
    [InlineData('\\')]
    [InlineData('例')]
    [InlineData('|')]
    public void Cef_ARuleNameThatFillsTheHeader_IsShortenedToTheLimit(char filler)
    {
        // Found by fuzzing, 2026-11-29: the rule name sits in CEF's header, which is never cut; 256 characters
        // that escape to two or encode to three bytes made a 480-byte message 800 bytes long.
        Alert alert = TestAlerts.Detection() with
        {
            RuleName = new string(filler, 300),
        };
        byte[] bytes = Format(alert, "tcp://c?format=cef&maxsize=480");

        Assert.InRange(bytes.Length, 1, 480);
        StrictSyslog.KeyValue cef = StrictSyslog.ParseCef(
            Encoding.UTF8.GetString(StrictSyslog.ParseRfc5424(bytes).Msg)
        );
        Assert.EndsWith(SafeText.Ellipsis.ToString(), cef.Header[4], StringComparison.Ordinal);
        Assert.Contains(("externalId", alert.Id), cef.Fields);
    }

    private static Alert Hostile(string text) =>
        TestAlerts.Detection(question: text, process: text, executable: text, user: text) with
        {
            RuleName = text,
        };

    private static byte[] Format(Alert alert, string uri) =>
        AlertFormatters.For(SyslogUri.Parse(uri), Sender).Format(alert, 7);
}
