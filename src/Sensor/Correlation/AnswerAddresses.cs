using System.Net;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// The addresses a response answered with (its A and AAAA records), where a client will connect next.
/// </summary>
internal static class AnswerAddresses
{
    public static void AddTo(DnsEvent response, List<IpAddressValue> into)
    {
        Span<byte> bytes = stackalloc byte[16];
        foreach (Dns.DnsRecord record in response.Message.Answers)
        {
            if (
                record.IsAddress
                && IPAddress.TryParse(response.Message.Text(record.Data), out IPAddress? address)
                && address.TryWriteBytes(bytes, out int written)
            )
            {
                into.Add(IpAddressValue.From(bytes[..written]));
            }
        }
    }
}
