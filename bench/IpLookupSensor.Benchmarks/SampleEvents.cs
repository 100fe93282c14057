using System.Buffers.Binary;
using System.Text;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Benchmarks;

/// <summary>Sensor events as attribution will hand them to the rules: a decoded query plus process and user.</summary>
internal static class SampleEvents
{
    public static DnsEvent Query(string name, string executable, string userId)
    {
        var message = new DnsMessage();
        DnsMessageDecoder.Decode(QueryWire(name), message);
        var e = new DnsEvent(message)
        {
            Transport = Transport.Udp,
            SourcePort = 50_000,
            DestinationPort = 53,
            QuestionIndex = 0,
        };
        e.SetAddresses(IpAddressValue.From([10, 0, 0, 7]), IpAddressValue.From([10, 0, 0, 53]));
        e.Process = new ProcessIdentity(
            4242,
            Path.GetFileName(executable.Replace('\\', '/')),
            executable,
            userId,
            "bob"
        );
        return e;
    }

    public static byte[] QueryWire(string name)
    {
        var wire = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (string label in name.Split('.'))
        {
            wire.Add((byte)label.Length);
            wire.AddRange(Encoding.ASCII.GetBytes(label));
        }

        wire.AddRange([0, 0, 1, 0, 1]);
        return [.. wire];
    }

    /// <summary>An Ethernet/IPv4/UDP frame around a query (checksums left zero: nothing checks them).</summary>
    public static byte[] QueryFrame(string name)
    {
        byte[] dns = QueryWire(name);
        var frame = new byte[14 + 20 + 8 + dns.Length];
        frame[12] = 0x08; // IPv4
        frame[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(20 + 8 + dns.Length));
        frame[22] = 64;
        frame[23] = 17; // UDP
        frame[26] = 10;
        frame[29] = 7;
        frame[30] = 10;
        frame[33] = 53;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(34), 50_000);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(36), 53);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(38), (ushort)(8 + dns.Length));
        dns.CopyTo(frame, 42);
        return frame;
    }
}
