using System.Text.Json;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// One DNS message: decoded, then every event of it written as ECS JSON (names, answers, OPT, all read), with and
/// without its packet's fields.
/// </summary>
internal static class DnsMessageTarget
{
    private static readonly DnsMessage Message = new();
    private static readonly MemoryStream Output = new();

    // The message's copy of the wire grows to the largest message seen. Grown to the most a message can be before the
    // loop, it is never grown by an input, which would take that branch only the first time it ran: afl-fuzz counted
    // dns 99.47 % stable for it. So inputs are cut to that size too: no transport carries a longer message.
    static DnsMessageTarget() => Message.Keep(new byte[ushort.MaxValue], 12, 0, 0);

    public static void Run(byte[] input)
    {
        ReadOnlySpan<byte> wire = input.AsSpan(0, Math.Min(input.Length, ushort.MaxValue));
        if (DnsMessageDecoder.Decode(wire, Message) != Sensor.Pipeline.SkipReason.None)
        {
            return;
        }

        // Half the inputs as a lookup known without a packet (Windows DNS Client cache hits): no network fields.
        var e = new DnsEvent(Message)
        {
            Transport = Transport.Udp,
            SourcePort = 53,
            DestinationPort = 40000,
            FromPacket = (wire.Length & 1) == 0,
        };
        e.SetAddresses(IpAddressValue.From([192, 0, 2, 53]), IpAddressValue.From([192, 0, 2, 7]));
        for (int i = Message.QuestionCount == 0 ? -1 : 0; i < Message.QuestionCount; i++)
        {
            e.QuestionIndex = i;
            Output.SetLength(0);
            using (var json = new Utf8JsonWriter(Output))
            {
                EcsEventWriter.Write(json, e, "fuzz");
            }

            using JsonDocument document = JsonDocument.Parse(Output.ToArray()); // what we write must be JSON
        }
    }
}
