using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using IpLookupSensor.Sensor.Alerting;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Alerting;

/// <summary>
/// Alerts to a real rsyslog over every transport, in every format, with hostile names, and through failures.
/// </summary>
public sealed class CollectorDeliveryTests : IDisposable
{
    private readonly Collector _collector = new();
    private readonly string _spool = Directory.CreateTempSubdirectory("ipls-spool-").FullName;
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose()
    {
        _collector.Dispose();
        Directory.Delete(_spool, recursive: true);
    }

    /// <summary>
    /// Every format over UDP, TCP and TLS, plus LF framing and mutual TLS with PEM and PKCS#12 certificates.
    /// </summary>
    public static TheoryData<string, string, string> Routes()
    {
        var routes = new TheoryData<string, string, string>();
        foreach (string format in new[] { "rfc5424", "rfc3164", "cef", "leef", "json" })
        {
            routes.Add($"udp://127.0.0.1:{{udp}}?format={format}", "udp", format);
            routes.Add($"tcp://127.0.0.1:{{tcp}}?format={format}", "tcp", format);
            routes.Add($"tls://127.0.0.1:{{tls}}?ca={{ca}}&name=localhost&format={format}", "tls", format);
        }

        routes.Add("tcp://127.0.0.1:{tcp_lf}?framing=lf", "tcp_lf", "rfc5424");
        routes.Add("tls://localhost:{mtls}?ca={ca}&cert={cert}&key={key}", "mtls", "rfc5424");
        routes.Add("tls://127.0.0.1:{mtls}?ca={ca}&cert={p12}&format=cef", "mtls", "cef");
        return routes;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void HostileAlerts_ArriveOneRecordEach_WithTheirFieldsIntact(string template, string input, string format)
    {
        string[] hostile = TestAlerts.HostileTexts;
        using (SyslogOutput output = Output(template))
        {
            for (int i = 0; i < hostile.Length; i++)
            {
                output.Publish(
                    TestAlerts.Detection(question: hostile[i], process: hostile[i], user: hostile[i], id: $"{i:D32}")
                );
            }

            output.Complete(TimeSpan.FromSeconds(10));
        }

        List<JsonElement> records = _collector.WaitForRecords(input, hostile.Length);

        Assert.Equal(hostile.Length, records.Count); // nothing split, nothing lost
        for (int i = 0; i < hostile.Length; i++)
        {
            JsonElement record = records[i];
            string expected = SafeText.Clean(hostile[i], 1024);
            string decoded = hostile[i].Replace("\uD800", "\uFFFD", StringComparison.Ordinal); // what JSON carries
            string msg = record.GetProperty("msg").GetString()!;
            switch (format)
            {
                case "rfc5424":
                    Assert.Equal("iplookup-sensor", record.GetProperty("app_name").GetString());
                    JsonElement sd = record.GetProperty("sd").GetProperty("alert@32473");
                    Assert.Equal($"{i:D32}", sd.GetProperty("id").GetString());
                    // UDP's 2048 bytes shorten values
                    AssertWholeOrCut(expected, sd.GetProperty("question").GetString()!);
                    // the smallest SD keeps only id, rule and name
                    if (sd.TryGetProperty("userName", out JsonElement user) || input != "udp")
                    {
                        AssertWholeOrCut(expected, user.GetString()!);
                    }

                    if (msg.Trim().Length > 0) // MSG is whole JSON, its texts shortened to fit, or left out
                    {
                        AssertWholeOrCut(
                            decoded,
                            JsonDocument
                                .Parse(msg.TrimStart('\uFEFF'))
                                .RootElement.GetProperty("process")
                                .GetProperty("name")
                                .GetString()!
                        );
                    }

                    break;
                case "cef":
                    Dictionary<string, string> cef = StrictSyslog
                        .ParseCef(msg)
                        .Fields.ToDictionary(f => f.Key, f => f.Value);
                    Assert.Equal($"{i:D32}", cef["externalId"]);
                    AssertWholeOrCut(expected, cef["cs1"]);
                    AssertWholeOrCut(expected, cef["suser"]);
                    break;
                case "leef":
                    // rsyslog writes the tab delimiter as #011.
                    Dictionary<string, string> leef = StrictSyslog
                        .ParseLeef(msg.Replace("#011", "\t", StringComparison.Ordinal))
                        .Fields.ToDictionary(f => f.Key, f => f.Value);
                    Assert.Equal($"{i:D32}", leef["alertId"]);
                    AssertWholeOrCut(expected, leef["dnsQuestionName"]);
                    AssertWholeOrCut(expected, leef["usrName"]);
                    break;
                // json and rfc3164 carry whole JSON, its texts shortened when it would not fit (RFC 3164's 1,024
                default:
                    // bytes, UDP's 2,048); without a syslog header rsyslog's msg is not all of it
                    Assert.InRange(
                        RawBytes(record),
                        1,
                        format == "rfc3164" ? 1024
                            : input == "udp" ? 2048
                            : int.MaxValue
                    );
                    JsonElement json = JsonDocument
                        .Parse(format == "json" ? record.GetProperty("rawmsg").GetString()! : msg.Trim())
                        .RootElement;
                    AssertWholeOrCut(
                        decoded,
                        json.GetProperty("dns").GetProperty("question").GetProperty("name").GetString()!
                    );
                    Assert.Equal($"{i:D32}", json.GetProperty("event").GetProperty("id").GetString());
                    break;
            }
        }
    }

    [Theory]
    [InlineData("tls://127.0.0.1:{tls}?ca={rogue}", "does not chain to the CA in")]
    [InlineData("tls://127.0.0.1:{tls}?ca={ca}&name=siem.example", "is not for 'siem.example'")]
    [InlineData("tls://127.0.0.1:{tls}", "is not trusted by the system store")]
    [InlineData(
        "tls://127.0.0.1:{tls}?ca={ca}&fingerprint="
            + "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",
        "not the pinned 00112233"
    )]
    public void Tls_UntrustedServer_RefusesToSendAndSaysWhy(string template, string reason)
    {
        using (SyslogOutput output = Output(template))
        {
            output.Publish(TestAlerts.Detection());
            Assert.True(
                SpinWait.SpinUntil(
                    () => _log.Any(l => l.Contains(reason, StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(10)
                ),
                string.Join('\n', _log)
            );
            output.Complete(TimeSpan.Zero);
            Assert.Equal(
                (1, 0, 1),
                (
                    output.Destinations[0].Counters.Queued,
                    output.Destinations[0].Counters.Sent,
                    output.Destinations[0].Spool.Pending
                )
            );
        }

        Assert.Contains("refused to send: ", _log.First(), StringComparison.Ordinal);
        Assert.Empty(_collector.Records("tls"));
    }

    [Fact]
    public void Tls_PinnedFingerprint_Delivers()
    {
        string pin = Convert.ToHexString(
            SHA256.HashData(X509CertificateLoader.LoadCertificateFromFile(_collector.ServerCertFile).RawData)
        );
        Send($"tls://127.0.0.1:{{tls}}?ca={{ca}}&fingerprint={pin}", TestAlerts.Detection());
        Assert.Single(_collector.WaitForRecords("tls", 1));
    }

    [Fact]
    public void MutualTls_WithoutAClientCertificate_KeepsTheAlert_ThenSendsItOnceOneIsGiven()
    {
        // TLS 1.3: the collector rejects the missing certificate after the handshake has completed.
        using (SyslogOutput output = Output("tls://127.0.0.1:{mtls}?ca={ca}"))
        {
            output.Publish(TestAlerts.Detection());
            Assert.True(SpinWait.SpinUntil(() => !_log.IsEmpty, TimeSpan.FromSeconds(10)));
            output.Complete(TimeSpan.Zero);
            Assert.Equal(1, output.Destinations[0].Spool.Pending);
        }

        Assert.Contains("it probably wants a client certificate: give cert=", _log.First(), StringComparison.Ordinal);
        Assert.Empty(_collector.Records("mtls"));

        Send("tls://127.0.0.1:{mtls}?ca={ca}&cert={p12}");

        JsonElement record = Assert.Single(_collector.WaitForRecords("mtls", 1));
        Assert.Equal(
            TestAlerts.Detection().Id,
            record.GetProperty("sd").GetProperty("alert@32473").GetProperty("id").GetString()
        );
    }

    [Fact]
    public void CollectorOutage_AlertsWait_ThenArriveInOrder()
    {
        _collector.Stop();
        using SyslogOutput output = Output("tcp://127.0.0.1:{tcp}");
        for (int i = 0; i < 5; i++)
        {
            output.Publish(TestAlerts.Detection(id: $"{i:D32}"));
        }

        Assert.True(
            SpinWait.SpinUntil(
                () => _log.Any(l => l.Contains(": down: ", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(10)
            )
        );
        Assert.Equal(5, output.Destinations[0].Spool.Pending);

        _collector.Restart();
        List<JsonElement> records = _collector.WaitForRecords("tcp", 5, TimeSpan.FromSeconds(40)); // backoff ≤ 30 s

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{i:D32}"), Ids(records));
        Assert.Contains(_log, l => l.Contains("up again after", StringComparison.Ordinal));
        output.Complete(TimeSpan.FromSeconds(5));
        Assert.Equal(
            (5L, 0L, 0L),
            (
                output.Destinations[0].Counters.Sent,
                output.Destinations[0].Spool.Pending,
                output.Destinations[0].Spool.Bytes
            )
        );
    }

    [Fact]
    public void CollectorRestart_WhileConnected_EveryAlertArrives()
    {
        using SyslogOutput output = Output("tcp://127.0.0.1:{tcp}");
        output.Publish(TestAlerts.Detection(id: $"{0:D32}"));
        List<JsonElement> before = _collector.WaitForRecords("tcp", 1);

        _collector.Stop(); // closes our connection; a restart starts a new record file
        for (int i = 1; i < 4; i++)
        {
            output.Publish(TestAlerts.Detection(id: $"{i:D32}"));
        }

        _collector.Restart();
        List<JsonElement> after = _collector.WaitForRecords("tcp", 3, TimeSpan.FromSeconds(40));

        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"{i:D32}"), Ids([.. before, .. after]).Distinct());
        output.Complete(TimeSpan.FromSeconds(5));
        Assert.Equal(0, output.Destinations[0].Spool.Pending);
    }

    [Fact]
    public void SpoolQuota_WhileTheCollectorIsDown_DropsTheOldest_AndSaysHowManyOnceItIsBack()
    {
        _collector.Stop();
        int dropped;
        using (var output = new SyslogOutput([Destination("tcp://127.0.0.1:{tcp}")], _spool, 64 << 10, _log.Enqueue))
        {
            for (int i = 0; i < 300; i++)
            {
                output.Publish(TestAlerts.Detection(id: $"{i:D32}", executable: "/" + new string('x', 400)));
            }

            dropped = (int)output.Destinations[0].Spool.Dropped;
            output.Complete(TimeSpan.Zero);
        }

        Assert.InRange(dropped, 1, 299);
        _collector.Restart();
        Send("tcp://127.0.0.1:{tcp}");

        List<JsonElement> records = _collector.WaitForRecords("tcp", 300 - dropped + 1);
        Assert.Equal(300 - dropped + 1, records.Count);
        Assert.Equal("spool_dropped", records[0].GetProperty("msgid").GetString());
        Assert.Contains(
            $"{dropped} alerts for tcp://127.0.0.1:{_collector.TcpPort} were dropped",
            records[0].GetProperty("msg").GetString(),
            StringComparison.Ordinal
        );
        Assert.Equal(
            $"{dropped:D32}",
            records[1].GetProperty("sd").GetProperty("alert@32473").GetProperty("id").GetString()
        ); // the newest stayed
    }

    private static IEnumerable<string?> Ids(List<JsonElement> records) =>
        records.Select(r => r.GetProperty("sd").GetProperty("alert@32473").GetProperty("id").GetString());

    private static int RawBytes(JsonElement record) =>
        System.Text.Encoding.UTF8.GetByteCount(record.GetProperty("rawmsg").GetString()!);

    private static void AssertWholeOrCut(string expected, string actual)
    {
        if (actual.EndsWith(SafeText.Ellipsis))
        {
            Assert.StartsWith(actual[..^1], expected, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>Publishes, then waits for the spool (older alerts included) to empty.</summary>
    private void Send(string template, params Alert[] alerts)
    {
        using SyslogOutput output = Output(template);
        Array.ForEach(alerts, output.Publish);
        output.Complete(TimeSpan.FromSeconds(10));
        Assert.True(output.Destinations[0].Spool.Pending == 0, string.Join('\n', _log));
    }

    private SyslogOutput Output(string template) => new([Destination(template)], _spool, 1 << 20, _log.Enqueue);

    private SyslogDestination Destination(string template) =>
        SyslogUri.Parse(
            template
                .Replace("{udp}", _collector.UdpPort.ToString(), StringComparison.Ordinal)
                .Replace("{tcp}", _collector.TcpPort.ToString(), StringComparison.Ordinal)
                .Replace("{tls}", _collector.TlsPort.ToString(), StringComparison.Ordinal)
                .Replace("{mtls}", _collector.MutualTlsPort.ToString(), StringComparison.Ordinal)
                .Replace("{tcp_lf}", _collector.TcpLfPort.ToString(), StringComparison.Ordinal)
                .Replace("{ca}", _collector.CaFile, StringComparison.Ordinal)
                .Replace("{rogue}", _collector.RogueCaFile, StringComparison.Ordinal)
                .Replace("{p12}", _collector.ClientP12, StringComparison.Ordinal)
                .Replace("{cert}", _collector.ClientCert, StringComparison.Ordinal)
                .Replace("{key}", _collector.ClientKey, StringComparison.Ordinal)
        );
}
