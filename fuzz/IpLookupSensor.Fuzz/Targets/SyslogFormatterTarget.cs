using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// An alert whose question name, process, executable, user and rule name are any UTF-16 text (lone surrogates and
/// control characters included), formatted for every syslog format and size limit. The oracle is the tests' strict
/// parsers: RFC 5424, CEF and LEEF must parse back, with the question as SafeText shows it; RFC 3164 must stay
/// printable ASCII within 1,024 octets; JSON must be JSON. Anything else throws: afl-fuzz records a crash.
/// </summary>
internal static class SyslogFormatterTarget
{
    private static readonly SenderIdentity Sender = new("sensor01.example.com", 4242, "0.1.0");

    private static readonly (string Uri, IAlertFormatter Formatter)[] Formats =
    [
        .. new[]
        {
            "tcp://c",
            "udp://c?maxsize=480",
            "tcp://c?format=cef",
            "tcp://c?format=cef&maxsize=480",
            "tcp://c?format=leef",
            "tcp://c?format=leef&maxsize=480",
            "udp://c?format=rfc3164",
            "udp://c?format=json",
            "udp://c?format=json&maxsize=480",
        }.Select(uri => (uri, AlertFormatters.For(SyslogUri.Parse(uri), Sender))),
    ];

    public static void Run(byte[] input)
    {
        string text = new(MemoryMarshal.Cast<byte, char>(input.AsSpan(0, input.Length & ~1)));
        string[] fields = [.. text.Split('\u001F', 5), .. Enumerable.Repeat(string.Empty, 5)];
        Alert alert = TestAlerts.Detection(
            question: fields[0],
            process: fields[1],
            executable: fields[2],
            user: fields[3]
        ) with
        {
            RuleName = fields[4].Length == 0 ? "rule" : fields[4],
        };

        foreach ((string uri, IAlertFormatter formatter) in Formats)
        {
            byte[] message = formatter.Format(alert, 7);
            try
            {
                Check(uri, message, alert);
            }
            catch (Exception e)
                when (e is FormatException or JsonException or DecoderFallbackException or KeyNotFoundException)
            {
                throw new InvalidOperationException($"{uri}: the strict parser refused what we sent: {e.Message}", e);
            }
        }
    }

    private static void Check(string uri, byte[] message, Alert alert)
    {
        bool limited = uri.Contains("maxsize", StringComparison.Ordinal);
        if (uri.Contains("rfc3164", StringComparison.Ordinal))
        {
            Require(
                message.Length <= 1024 && message.All(b => b is >= (byte)' ' and <= (byte)'~'),
                "RFC 3164: not printable ASCII within 1,024 octets"
            );
            return;
        }

        if (uri.Contains("json", StringComparison.Ordinal))
        {
            Require(message.Length <= (limited ? 480 : 2048), "JSON: over the size limit");
            using JsonDocument json = JsonDocument.Parse(message);
            return;
        }

        StrictSyslog.Rfc5424 syslog = StrictSyslog.ParseRfc5424(
            message,
            allowTab: uri.Contains("leef", StringComparison.Ordinal)
        );
        Require(message.Length <= (limited ? 480 : int.MaxValue), "over the size limit");
        string expected = SafeText.Clean(alert.QuestionName, 1024);
        if (uri.Contains("cef", StringComparison.Ordinal))
        {
            StrictSyslog.KeyValue cef = StrictSyslog.ParseCef(Encoding.UTF8.GetString(syslog.Msg));
            Require(
                limited || IsQuestion(cef.Fields.FirstOrDefault(f => f.Key == "cs1").Value, expected),
                "CEF: cs1 is not the question"
            );
        }
        else if (uri.Contains("leef", StringComparison.Ordinal))
        {
            StrictSyslog.KeyValue leef = StrictSyslog.ParseLeef(Encoding.UTF8.GetString(syslog.Msg));
            Require(
                limited || IsQuestion(leef.Fields.FirstOrDefault(f => f.Key == "dnsQuestionName").Value, expected),
                "LEEF: dnsQuestionName is not the question"
            );
        }
        else
        {
            Require(
                limited || IsQuestion(syslog.StructuredData["alert@32473"].GetValueOrDefault("question"), expected),
                "RFC 5424: the question element is not the question"
            );
        }
    }

    // An empty value is left out of every format. A message over the destination's default size limit (2,048 bytes
    // for UDP, 8,192 for TCP) shortens its values, as one with maxsize does: the start of the question, then "…".
    private static bool IsQuestion(string? sent, string expected) =>
        expected.Length == 0
            ? sent is null
            : sent == expected
                || (
                    sent is { Length: > 0 }
                    && sent[^1] == SafeText.Ellipsis
                    && expected.StartsWith(sent[..^1], StringComparison.Ordinal)
                );

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new FormatException(what);
        }
    }
}
