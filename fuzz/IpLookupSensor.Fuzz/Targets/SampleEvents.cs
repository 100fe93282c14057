using IpLookupSensor.Corpus;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>A query with a process and a response, for compiled queries to be evaluated on.</summary>
internal static class SampleEvents
{
    public static readonly DnsEvent[] All = [Create(response: false), Create(response: true)];

    private static DnsEvent Create(bool response)
    {
        var wire = new byte[512];
        var builder = new DnsMessageBuilder(wire);
        builder.Header(
            7,
            response ? (ushort)0x8180 : (ushort)0x0100,
            answers: response ? 1 : 0,
            authorities: 0,
            additionals: 0
        );
        builder.Question("api.ipify.org", DnsMessageBuilder.TypeA);
        if (response)
        {
            int length = builder.Record(DnsMessageBuilder.TypeA, 60);
            builder.Bytes([192, 0, 2, 1]);
            builder.EndRecord(length);
        }

        var message = new DnsMessage();
        DnsMessageDecoder.Decode(wire.AsSpan(0, builder.Length), message);
        var e = new DnsEvent(message)
        {
            Transport = Transport.Udp,
            SourcePort = 40000,
            DestinationPort = 53,
            QuestionIndex = 0,
        };
        e.SetAddresses(IpAddressValue.From([10, 0, 0, 7]), IpAddressValue.From([10, 0, 0, 53]));
        e.Process = response ? null : new ProcessIdentity(4242, "curl", "/usr/bin/curl", "0", "root");
        return e;
    }
}
