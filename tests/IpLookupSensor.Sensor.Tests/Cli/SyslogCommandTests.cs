using System.Diagnostics;
using System.Text.Json;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Cli;

/// <summary>
/// replay --syslog against the real collector: delivery, a kill -9 while it is down, and refused configurations.
/// </summary>
public sealed class SyslogCommandTests : IDisposable
{
    private static readonly string s_sensor = typeof(ExitCodes).Assembly.Location;
    private static readonly string s_capture = Path.Combine(Repository.Pcaps, "recorded-linux-lookups.pcapng");
    private static readonly string s_record = Path.Combine(
        Repository.Pcaps,
        "recorded-linux-lookups.attribution.ndjson"
    );

    // the expected alerts' rules
    private static readonly string s_rules = Path.Combine(Repository.Root, "rules", "linux");
    private readonly string _spool = Directory.CreateTempSubdirectory("ipls-spool-").FullName;

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [Fact]
    public void Replay_WithSyslog_SendsEveryAlertThereAndNoneToStdout()
    {
        using var collector = new Collector();

        Replay.Result result = Replay.Run(
            s_capture,
            "--attribution",
            s_record,
            "--rules",
            s_rules,
            "--syslog",
            $"tcp://127.0.0.1:{collector.TcpPort}",
            "--spool",
            _spool
        );

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(ExpectedAlertIds(), Ids(collector.WaitForRecords("tcp", 5)));
        Assert.Contains(
            $"syslog tcp://127.0.0.1:{collector.TcpPort}: queued 5, sent 5, failed 0, retried 0, dropped 0, spool 0 "
                + $"bytes (0 unsent)",
            result.Stderr,
            StringComparison.Ordinal
        );
    }

    public static TheoryData<string, string> FormatsAndTransports()
    {
        var cases = new TheoryData<string, string>();
        foreach (string format in new[] { "rfc5424", "rfc3164", "cef", "leef", "json" })
        {
            foreach (string transport in new[] { "udp", "tcp", "tls" })
            {
                cases.Add(format, transport);
            }
        }

        return cases;
    }

    /// <summary>
    /// Issue 5's "done when": every alert the NDJSON output shows reaches rsyslog, parsed as intended.
    /// </summary>
    [Theory]
    [MemberData(nameof(FormatsAndTransports))]
    public void Replay_EveryFormatAndTransport_DeliversWhatStdoutShows(string format, string transport)
    {
        string rules = Path.Combine(Repository.Root, "rules");
        List<(string Id, string Name)> expected =
        [
            .. Replay
                .Run(s_capture, "--attribution", s_record, "--rules", rules)
                .Lines.Select(line => JsonDocument.Parse(line).RootElement)
                .Select(a =>
                    (
                        a.GetProperty("event").GetProperty("id").GetString()!,
                        a.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()!
                    )
                ),
        ];
        using var collector = new Collector();
        string uri = transport switch
        {
            "udp" => $"udp://127.0.0.1:{collector.UdpPort}?format={format}",
            "tcp" => $"tcp://127.0.0.1:{collector.TcpPort}?format={format}",
            _ => $"tls://127.0.0.1:{collector.TlsPort}?format={format}&ca={collector.CaFile}&name=localhost",
        };

        Replay.Result result = Replay.Run(
            s_capture,
            "--attribution",
            s_record,
            "--rules",
            rules,
            "--syslog",
            uri,
            "--spool",
            _spool
        );

        Assert.Equal(15, expected.Count);
        Assert.Contains(
            $"queued 15, sent 15, failed 0, retried 0, dropped 0, spool 0 bytes (0 unsent)",
            result.Stderr,
            StringComparison.Ordinal
        );
        Assert.Equal(expected, collector.WaitForRecords(transport, expected.Count).Select(r => IdAndName(r, format)));
    }

    [Fact]
    public void KillNine_WhileTheCollectorIsDown_LosesNothing()
    {
        using var collector = new Collector();
        collector.Stop();
        string uri = $"tcp://127.0.0.1:{collector.TcpPort}";
        using (
            var sensor = new BackgroundProcess(
                "dotnet",
                [
                    s_sensor,
                    "replay",
                    s_capture,
                    "--attribution",
                    s_record,
                    "--rules",
                    s_rules,
                    "--syslog",
                    uri,
                    "--spool",
                    _spool,
                ]
            )
        )
        {
            Assert.True(
                sensor.WaitFor(
                    () => sensor.Stderr.Any(l => l.Contains(": down: ", StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(20)
                ),
                string.Join('\n', sensor.Stderr)
            );
            Thread.Sleep(500); // the 20-packet replay has long spooled its alerts: it now waits for the collector
            Process.GetProcessById(sensor.Id).Kill(); // SIGKILL: no cleanup at all
        }

        collector.Restart();
        Replay.Result again = Replay.Run(
            s_capture,
            "--attribution",
            s_record,
            "--rules",
            s_rules,
            "--syslog",
            uri,
            "--spool",
            _spool
        );

        Assert.Contains("5 alerts from an earlier run wait in", again.Stderr, StringComparison.Ordinal);
        // the first run's, in order, then the second's
        Assert.Equal([.. ExpectedAlertIds(), .. ExpectedAlertIds()], Ids(collector.WaitForRecords("tcp", 10)));
    }

    [Theory]
    [InlineData(
        new[] { "--syslog", "tcp://h?format=xml" },
        "--syslog tcp://h?format=xml: format=xml: use rfc5424, rfc3164, cef, leef or json"
    )]
    [InlineData(new[] { "--syslog", "tls://127.0.0.1:1?ca=/nonexistent/ca.pem" }, "cannot read ca=/nonexistent/ca.pem")]
    [InlineData(
        new[] { "--syslog", "tls://127.0.0.1:1?cert=/nonexistent/c.p12" },
        "cannot read cert=/nonexistent/c.p12 as PKCS#12"
    )]
    [InlineData(new[] { "--syslog", "tcp://h", "--spool", "/proc/spool" }, "--spool /proc/spool: ")]
    [InlineData(
        new[] { "--syslog", "tcp://h", "--spool-quota", "1K" },
        "--spool-quota 1K (Spool:Quota): give a size of at least 64K"
    )]
    [InlineData(new[] { "--spool", "/tmp/x" }, "--spool and --spool-quota need --syslog")]
    [InlineData(
        new[] { "--syslog", "tcp://h:514", "--syslog", "tcp://h?facility=auth" },
        "the same collector in the same format twice"
    )]
    public void Replay_BadSyslogConfiguration_IsRefusedWithTheReason(string[] options, string expected)
    {
        UsageException error = Assert.Throws<UsageException>(() => Replay.Run([s_capture, .. options]));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static List<string> ExpectedAlertIds() =>
        [
            .. File.ReadLines(Path.Combine(Repository.Pcaps, "recorded-linux-lookups.pcapng.expected-alerts.ndjson"))
                .Select(line =>
                    JsonDocument.Parse(line).RootElement.GetProperty("event").GetProperty("id").GetString()!
                ),
        ];

    /// <summary>
    /// The alert id and DNS name as each format carries them, read from rsyslog's parse of the message.
    /// </summary>
    private static (string, string) IdAndName(JsonElement record, string format)
    {
        string msg = record.GetProperty("msg").GetString()!;
        switch (format)
        {
            case "rfc5424":
                JsonElement sd = record.GetProperty("sd").GetProperty("alert@32473");
                return (sd.GetProperty("id").GetString()!, sd.GetProperty("question").GetString()!);
            case "cef":
                Dictionary<string, string> cef = StrictSyslog
                    .ParseCef(msg)
                    .Fields.ToDictionary(f => f.Key, f => f.Value);
                return (cef["externalId"], cef["cs1"]);
            case "leef":
                Dictionary<string, string> leef = StrictSyslog
                    .ParseLeef(msg.Replace("#011", "\t", StringComparison.Ordinal))
                    .Fields.ToDictionary(f => f.Key, f => f.Value);
                return (leef["alertId"], leef["dnsQuestionName"]);
            default:
                JsonElement json = JsonDocument
                    .Parse(format == "json" ? record.GetProperty("rawmsg").GetString()! : msg.Trim())
                    .RootElement;
                return (
                    json.GetProperty("event").GetProperty("id").GetString()!,
                    json.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()!
                );
        }
    }

    private static List<string> Ids(List<JsonElement> records) =>
        [.. records.Select(r => r.GetProperty("sd").GetProperty("alert@32473").GetProperty("id").GetString()!)];
}
