using IpLookupSensor.Sensor.Alerting.Syslog;

namespace IpLookupSensor.Sensor.Tests.Alerting;

public sealed class SyslogUriTests
{
    [Fact]
    public void Parse_Defaults_PerTransport()
    {
        SyslogDestination tcp = SyslogUri.Parse("tcp://siem.example");
        Assert.Equal(
            (SyslogTransport.Tcp, "siem.example", 514, SyslogFormat.Rfc5424, SyslogFraming.OctetCounting, 16, 8192),
            (tcp.Transport, tcp.Host, tcp.Port, tcp.Format, tcp.Framing, tcp.Facility, tcp.MaxMessageBytes)
        );
        Assert.Null(tcp.Tls);
        Assert.Equal(
            (514, 2048),
            (SyslogUri.Parse("udp://10.0.0.1").Port, SyslogUri.Parse("udp://10.0.0.1").MaxMessageBytes)
        );
        SyslogDestination tls = SyslogUri.Parse("tls://siem.example");
        Assert.Equal((6514, "siem.example"), (tls.Port, tls.Tls!.ServerName));
        Assert.Equal(SyslogFraming.LineFeed, SyslogUri.Parse("tcp://h?format=json").Framing);
        Assert.Equal(1024, SyslogUri.Parse("tcp://h?format=rfc3164").MaxMessageBytes);
        Assert.Equal("::1", SyslogUri.Parse("tcp://[::1]:601").Host);
    }

    [Fact]
    public void Parse_EveryOption()
    {
        SyslogDestination d = SyslogUri.Parse(
            "tls://siem.example:6515?ca=/etc/ssl/ca%20file.pem&format=cef&framing=lf&facility=auth&app=sensor-a"
                + "&sdid=ipl@55555&maxsize=4000"
                + "&name=collector.internal&fingerprint=AB:"
                + new string('c', 62)
                + "&cert=/k/c.pem&key=/k/k.pem"
        );

        Assert.Equal(
            (6515, SyslogFormat.Cef, SyslogFraming.LineFeed, 4, "sensor-a", "ipl@55555", 4000),
            (d.Port, d.Format, d.Framing, d.Facility, d.AppName, d.StructuredDataId, d.MaxMessageBytes)
        );
        Assert.Equal(
            ("/etc/ssl/ca file.pem", "collector.internal", "/k/c.pem", "/k/k.pem"),
            (d.Tls!.CaFile, d.Tls.ServerName, d.Tls.CertificateFile, d.Tls.KeyFile)
        );
        Assert.Equal(0xAB, d.Tls.Fingerprint![0]);
        Assert.Equal(32, d.Tls.Fingerprint.Length);
    }

    [Theory]
    [InlineData("siem.example:514", "not a URI")]
    [InlineData("http://siem.example", "unknown scheme 'http'; use udp, tcp or tls")]
    [InlineData("tcp://h/path", "only HOST:PORT and ?options")]
    [InlineData("tcp://h?colour=red", "unknown option 'colour'")]
    [InlineData("tcp://h?format=xml", "format=xml: use rfc5424, rfc3164, cef, leef or json")]
    [InlineData("tcp://h?framing=nul", "framing=nul: use octet or lf")]
    [InlineData("udp://h?framing=lf", "framing= applies to tcp:// and tls:// only")]
    [InlineData("tcp://h?ca=/x.pem", "ca= is a TLS option; use tls://")]
    [InlineData("tcp://h?facility=24", "facility=24: give 0–23 or a name")]
    [InlineData("tcp://h?app=my%20app", "app=my app: use 1 to 48 printable ASCII characters")]
    [InlineData("tcp://h?sdid=alert", "sdid=alert: write NAME@ENTERPRISE-NUMBER")]
    [InlineData("tcp://h?maxsize=100", "maxsize=100: give bytes from 480")]
    [InlineData("udp://h?maxsize=70000", "maxsize=70000: give bytes from 480 to 65000")]
    [InlineData("tcp://h?format=cef&format=json", "give format= exactly once")]
    [InlineData("tls://h?fingerprint=abc", "fingerprint=abc: give the SHA-256")]
    [InlineData("tls://h?key=/k.pem", "key= needs cert=")]
    public void Parse_Mistakes_SayWhatToWrite(string uri, string expected)
    {
        SyslogConfigurationException error = Assert.Throws<SyslogConfigurationException>(() => SyslogUri.Parse(uri));
        Assert.StartsWith($"--syslog {uri}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
