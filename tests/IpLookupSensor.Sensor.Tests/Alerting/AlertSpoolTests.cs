using System.Text;
using IpLookupSensor.Sensor.Alerting.Syslog.Spool;

namespace IpLookupSensor.Sensor.Tests.Alerting;

public sealed class AlertSpoolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-spool-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Append_ReadAcknowledge_InOrder()
    {
        using AlertSpool spool = AlertSpool.Open(_folder, 1 << 20);
        foreach (int i in Enumerable.Range(1, 5))
        {
            spool.Append(Message(i));
        }

        List<SpooledMessage> first = spool.ReadPending(3);
        Assert.Equal(["m1", "m2", "m3"], first.Select(Text));
        spool.Acknowledge(first[1].Next, 2); // only two made it

        Assert.Equal(3, spool.Pending);
        Assert.Equal(["m3", "m4", "m5"], spool.ReadPending(10).Select(Text));
    }

    [Fact]
    public void Reopen_ResumesAfterTheLastAcknowledged()
    {
        using (AlertSpool spool = AlertSpool.Open(_folder, 1 << 20))
        {
            Enumerable.Range(1, 4).ToList().ForEach(i => spool.Append(Message(i)));
            List<SpooledMessage> batch = spool.ReadPending(2);
            spool.Acknowledge(batch[^1].Next, 2);
        }

        using AlertSpool reopened = AlertSpool.Open(_folder, 1 << 20);
        Assert.Equal(2, reopened.Pending);
        Assert.Equal(["m3", "m4"], reopened.ReadPending(10).Select(Text));
    }

    [Fact]
    public void Reopen_AfterACrashMidRecord_KeepsEveryWholeRecord()
    {
        using (AlertSpool spool = AlertSpool.Open(_folder, 1 << 20))
        {
            Enumerable.Range(1, 3).ToList().ForEach(i => spool.Append(Message(i)));
        }

        string segment = Directory.GetFiles(_folder, "*.seg").Single();
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write([40, 0, 0, 0, 1, 2, 3, 4, (byte)'t', (byte)'o']); // a record cut short by kill -9 or power loss
        }

        using AlertSpool reopened = AlertSpool.Open(_folder, 1 << 20);
        Assert.Equal(3, reopened.Pending);
        reopened.Append(Message(4));
        Assert.Equal(["m1", "m2", "m3", "m4"], reopened.ReadPending(10).Select(Text));
    }

    [Fact]
    public void Reopen_CorruptRecord_EndsTheSegmentThere()
    {
        using (AlertSpool spool = AlertSpool.Open(_folder, 1 << 20))
        {
            Enumerable.Range(1, 3).ToList().ForEach(i => spool.Append(Message(i)));
        }

        string segment = Directory.GetFiles(_folder, "*.seg").Single();
        byte[] bytes = File.ReadAllBytes(segment);
        bytes[8 + 2 + 8 + 1] ^= 0xFF; // second message's payload: its CRC no longer matches
        File.WriteAllBytes(segment, bytes);

        using AlertSpool reopened = AlertSpool.Open(_folder, 1 << 20);
        Assert.Equal(["m1"], reopened.ReadPending(10).Select(Text));
    }

    [Fact]
    public void Quota_DropsTheOldestSegment_AndCountsItsUnsentMessages()
    {
        byte[] big = new byte[1000];
        using AlertSpool spool = AlertSpool.Open(_folder, 64 << 10); // 16 KiB segments
        for (int i = 0; i < 200; i++)
        {
            big[0] = (byte)i;
            spool.Append(big);
        }

        Assert.InRange(spool.Bytes, 48 << 10, 64 << 10);
        Assert.Equal(200, spool.Pending + spool.Dropped);
        Assert.True(spool.Dropped >= 130, $"dropped {spool.Dropped}");
        Assert.Equal(spool.Dropped, spool.UnreportedDrops);
        List<SpooledMessage> left = spool.ReadPending(1000);
        Assert.Equal(spool.Pending, left.Count);
        Assert.Equal((byte)(200 - left.Count), left[0].Message[0]); // the newest stay
        spool.ReportedDrops(spool.UnreportedDrops);
        Assert.Equal(0, spool.UnreportedDrops);
    }

    [Fact]
    public void AllSent_SpoolShrinksToNothing()
    {
        using AlertSpool spool = AlertSpool.Open(_folder, 1 << 20);
        Enumerable.Range(1, 3).ToList().ForEach(i => spool.Append(Message(i)));
        List<SpooledMessage> batch = spool.ReadPending(10);
        spool.Acknowledge(batch[^1].Next, 3);

        Assert.Equal((0, 0), (spool.Pending, spool.Bytes));
        Assert.Empty(spool.ReadPending(10));
    }

    [Fact]
    public void Open_Twice_SaysTheSpoolIsInUse()
    {
        using AlertSpool spool = AlertSpool.Open(_folder, 1 << 20);
        IOException error = Assert.Throws<IOException>(() => AlertSpool.Open(_folder, 1 << 20));
        Assert.Contains("is in use by another iplookup-sensor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Open_CreatesAPrivateFolder()
    {
        string root = Path.Combine(_folder, "spool");
        string folder = Path.Combine(root, "tcp-siem-514-rfc5424");
        using AlertSpool spool = AlertSpool.Open(folder, 1 << 20);
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(folder)
        );
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(root)
        );
    }

    private static byte[] Message(int i) => Encoding.ASCII.GetBytes($"m{i}");

    private static string Text(SpooledMessage m) => Encoding.ASCII.GetString(m.Message);
}
