using System.Text;
using IpLookupSensor.Sensor.Alerting;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>Alerts for output tests, including ones whose every free-text field is hostile.</summary>
internal static class TestAlerts
{
    /// <summary>What an attacker can put in a name, a process path or a user name (issue 5's list).</summary>
    public static readonly string[] HostileTexts =
    [
        "evil\nforged-lf 1 - - - - - line",
        "evil\rcr",
        "nul\0byte",
        "quote\"][fake@32473 severity=\"0",
        "bracket]close",
        "back\\slash\\",
        "pipe|CEF:0|x|y",
        "equals=a b=c msg=forged",
        "tab\tsev=10",
        Encoding.UTF8.GetString([0x62, 0x61, 0x64, 0xC3, 0x28, 0xFF, 0xFE]), // invalid UTF-8 as .NET decodes it
        "lone\uD800surrogate",
        "\uFEFFbom-first",
        "line\u2028separator",
        new string('a', 63) + "." + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 61), // 253
        new string('\\', 255),
        "ünïcödé.例え.テスト",
    ];

    public static Alert Detection(
        string? question = "api.ipify.org",
        string? process = "curl",
        string? executable = "/usr/bin/curl",
        string? user = "root",
        string id = "0123456789abcdef0123456789abcdef"
    )
    {
        byte[] json = Encoding.UTF8.GetBytes(
            System.Text.Json.JsonSerializer.Serialize(
                new Dictionary<string, object?>
                {
                    ["@timestamp"] = "2026-11-28T12:00:00.000000Z",
                    ["event"] = new { kind = "alert", id },
                    ["message"] = $"test: {process} looked up {question}",
                    ["dns"] = new { question = new { name = question } },
                    ["process"] = new { name = process, executable },
                    ["user"] = new { name = user },
                }
            )
        );
        return new Alert
        {
            Id = id,
            Kind = AlertKind.Detection,
            Created = new DateTime(2026, 11, 28, 12, 0, 1, 234, 567, DateTimeKind.Utc),
            Timestamp = 1_795_867_200_000_000_000,
            RuleId = "b8e2d7c1-5a94-4f0e-8c36-1e7a9d4b2f60",
            RuleName = "External IP Lookup Seen on the Network",
            RuleVersion = 3,
            Severity = "low",
            RiskScore = 21,
            Reason = $"test: {process} looked up {question}",
            Tactics = ["TA0007"],
            Techniques = ["T1614", "T1016"],
            Subtechniques = ["T1016.001"],
            QuestionName = question,
            QuestionType = "A",
            Transport = "udp",
            SourceIp = "10.0.0.5",
            SourcePort = 40000,
            DestinationIp = "10.0.0.1",
            DestinationPort = 53,
            ProcessPid = 4242,
            ProcessName = process,
            ProcessExecutable = executable,
            UserId = "0",
            UserName = user,
            EcsJson = json,
        };
    }
}
