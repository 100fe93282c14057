using System.Text;
using System.Text.Json;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Alerting;

/// <summary>
/// Whatever the names hold, each format's output parses back, with a strict parser, into exactly the fields that
/// went in (after <see cref="SafeText"/>), and stays within the destination's size limit.
/// </summary>
public sealed class FormatterTests
{
    private static readonly SenderIdentity s_sender = new("sensor01.example.com", 4242, "0.1.0");

    public static TheoryData<string> Hostile() => [.. TestAlerts.HostileTexts];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Rfc5424_HostileFields_ParseBackIntoTheSameValues(string hostile)
    {
        Alert alert = TestAlerts.Detection(
            question: hostile,
            process: hostile,
            executable: "/tmp/" + hostile,
            user: hostile
        );

        StrictSyslog.Rfc5424 message = StrictSyslog.ParseRfc5424(Format(alert, "tcp://c"));

        Assert.Equal((16 * 8) + 5, message.Priority);
        Assert.Equal("2026-11-28T12:00:01.234567Z", message.Timestamp);
        Assert.Equal(
            ("sensor01.example.com", "iplookup-sensor", "4242", "alert"),
            (message.Hostname, message.AppName, message.ProcId, message.MsgId)
        );
        Assert.Equal(["origin", "meta", "alert@32473"], message.StructuredData.Keys);
        Dictionary<string, string> sd = message.StructuredData["alert@32473"];
        Assert.Equal(SafeText.Clean(hostile, 1024), sd["question"]);
        Assert.Equal(SafeText.Clean(hostile, 1024), sd["process"]);
        Assert.Equal(SafeText.Clean(hostile, 1024), sd["userName"]);
        Assert.Equal(SafeText.Clean("/tmp/" + hostile, 1024), sd["executable"]);
        Assert.Equal("7", message.StructuredData["meta"]["sequenceId"]);
        Assert.Equal(Utf8Text.ByteOrderMark, message.Msg[..3]);
        using JsonDocument json = JsonDocument.Parse(message.Msg.AsMemory(3));
        Assert.Equal(
            hostile.Replace("\uD800", "\uFFFD", StringComparison.Ordinal),
            json.RootElement.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()
        );
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Cef_HostileFields_ParseBackIntoTheSameValues(string hostile)
    {
        Alert alert = TestAlerts.Detection(
            question: hostile,
            process: hostile,
            executable: "/tmp/" + hostile,
            user: hostile
        ) with
        {
            RuleName = "rule|" + hostile,
        };
        byte[] bytes = Format(alert, "tcp://c?format=cef");

        StrictSyslog.Rfc5424 message = StrictSyslog.ParseRfc5424(bytes);
        StrictSyslog.KeyValue cef = StrictSyslog.ParseCef(Encoding.UTF8.GetString(message.Msg));

        Assert.Equal(
            ["IpLookupSensor", "iplookup-sensor", "0.1.0", alert.RuleId, SafeText.Clean(alert.RuleName, 256), "3"],
            cef.Header
        );
        Assert.Equal(
            [
                "rt",
                "externalId",
                "cs1Label",
                "cs1",
                "sproc",
                "spid",
                "suid",
                "suser",
                "cs2Label",
                "cs2",
                "src",
                "spt",
                "dst",
                "dpt",
                "proto",
                "cat",
                "cs3Label",
                "cs3",
                "cn1Label",
                "cn1",
                "msg",
            ],
            cef.Fields.Select(f => f.Key)
        );
        Dictionary<string, string> fields = cef.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(SafeText.Clean(hostile, 1024), fields["cs1"]);
        Assert.Equal(SafeText.Clean(hostile, 1024), fields["sproc"]);
        Assert.Equal(SafeText.Clean(hostile, 1024), fields["suser"]);
        Assert.Equal(SafeText.Clean("/tmp/" + hostile, 1024), fields["cs2"]);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Leef_HostileFields_ParseBackIntoTheSameValues(string hostile)
    {
        Alert alert = TestAlerts.Detection(
            question: hostile,
            process: hostile,
            executable: "/tmp/" + hostile,
            user: hostile
        );
        StrictSyslog.Rfc5424 message = StrictSyslog.ParseRfc5424(Format(alert, "tcp://c?format=leef"), allowTab: true);

        StrictSyslog.KeyValue leef = StrictSyslog.ParseLeef(Encoding.UTF8.GetString(message.Msg));

        Assert.Equal(["IpLookupSensor", "iplookup-sensor", "0.1.0", alert.RuleId], leef.Header);
        Assert.Equal(19, leef.Fields.Count);
        Dictionary<string, string> fields = leef.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(SafeText.Clean(hostile, 1024), fields["dnsQuestionName"]);
        Assert.Equal(SafeText.Clean(hostile, 1024), fields["processName"]);
        Assert.Equal(SafeText.Clean(hostile, 1024), fields["usrName"]);
        Assert.Equal("3", fields["sev"]);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Rfc3164_HostileFields_StayPrintableAsciiJson(string hostile)
    {
        Alert alert = TestAlerts.Detection(question: hostile, process: hostile, user: hostile);
        byte[] bytes = Format(alert, "udp://c?format=rfc3164");

        Assert.All(bytes, b => Assert.InRange(b, (byte)' ', (byte)'~'));
        Assert.InRange(bytes.Length, 1, 1024);
        string text = Encoding.ASCII.GetString(bytes);
        Assert.Matches(
            @"^<133>[A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} sensor01 iplookup-sensor\[4242\]: \{",
            text
        );
        // Always whole JSON: over the limit its texts are shortened, marked with an ellipsis, never cut mid-document.
        using JsonDocument json = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        string name = json.RootElement.GetProperty("process").GetProperty("name").GetString()!;
        string expected = hostile.Replace("\uD800", "\uFFFD", StringComparison.Ordinal);
        Assert.True(
            name == expected
                || (name.EndsWith(SafeText.Ellipsis) && expected.StartsWith(name[..^1], StringComparison.Ordinal)),
            name
        );
    }

    [Theory]
    [InlineData("tcp://c", 480)]
    [InlineData("udp://c", 2048)]
    [InlineData("udp://c?maxsize=600", 600)]
    [InlineData("tcp://c?format=cef&maxsize=480", 480)]
    [InlineData("tcp://c?format=leef&maxsize=480", 480)]
    [InlineData("udp://c?format=json&maxsize=480", 480)]
    [InlineData("udp://c?format=rfc3164&maxsize=2048", 1024)]
    public void LongFields_FitTheLimit_HeaderIntact(string uri, int limit)
    {
        string longName = string.Concat(Enumerable.Repeat("\\255", 63)) + "." + new string('x', 200);
        Alert alert = TestAlerts.Detection(
            question: longName,
            process: new string('p', 300),
            executable: "/" + new string('e', 4000),
            user: new string('u', 300)
        );
        if (!uri.Contains("maxsize", StringComparison.Ordinal) && uri.StartsWith("tcp", StringComparison.Ordinal))
        {
            uri += "?maxsize=480";
        }

        byte[] bytes = Format(alert, uri);

        Assert.InRange(bytes.Length, 200, limit);
        if (uri.Contains("format=json", StringComparison.Ordinal))
        {
            JsonDocument.Parse(bytes).Dispose(); // shortened to fit, still JSON
            return;
        }

        if (uri.Contains("rfc3164", StringComparison.Ordinal))
        {
            return;
        }

        StrictSyslog.Rfc5424 message = StrictSyslog.ParseRfc5424(
            bytes,
            allowTab: uri.Contains("leef", StringComparison.Ordinal)
        );
        Assert.Equal("sensor01.example.com", message.Hostname);
        if (message.StructuredData.TryGetValue("alert@32473", out Dictionary<string, string>? sd))
        {
            Assert.Equal(alert.Id, sd["id"]);
            Assert.StartsWith(sd["question"].TrimEnd(SafeText.Ellipsis), longName, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rfc5424_FitsWholeDocumentWhenThereIsRoom()
    {
        Alert alert = TestAlerts.Detection();
        StrictSyslog.Rfc5424 message = StrictSyslog.ParseRfc5424(Format(alert, "tcp://c"));
        Assert.Equal(alert.EcsJson.ToArray(), message.Msg[3..]);
    }

    [Theory]
    [InlineData("critical", 2, 10)]
    [InlineData("high", 3, 8)]
    [InlineData("medium", 4, 6)]
    [InlineData("low", 5, 3)]
    public void Severity_MapsToSyslogAndCef(string severity, int syslog, int cef)
    {
        Alert alert = TestAlerts.Detection() with { Severity = severity };
        Assert.Equal((syslog, cef), (SeverityMap.Syslog(alert), SeverityMap.Cef(alert)));
        Assert.Equal((4 * 8) + syslog, StrictSyslog.ParseRfc5424(Format(alert, "tcp://c?facility=auth")).Priority);
    }

    private static byte[] Format(Alert alert, string uri) =>
        AlertFormatters.For(SyslogUri.Parse(uri), s_sender).Format(alert, 7);
}
