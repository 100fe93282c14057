using System.Net;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>DNS events as the pipeline would hand them over, from message bytes and the packet's facts.</summary>
internal static class TestEvents
{
    public static DnsEvent Udp(
        byte[] wire,
        long time,
        string source,
        ushort sourcePort,
        string destination,
        ushort destinationPort
    )
    {
        var e = new DnsEvent(new DnsMessage())
        {
            Timestamp = time,
            Transport = Transport.Udp,
            SourcePort = sourcePort,
            DestinationPort = destinationPort,
            QuestionIndex = 0,
        };
        e.SetAddresses(Address(source), Address(destination));
        Assert.Equal(IpLookupSensor.Sensor.Pipeline.SkipReason.None, DnsMessageDecoder.Decode(wire, e.Message));
        return e;
    }

    public static IpAddressValue Address(string text) => IpAddressValue.From(IPAddress.Parse(text).GetAddressBytes());
}
