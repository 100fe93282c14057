using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Events;

/// <summary>
/// One DNS event: a question of a decoded message with the packet it came in. Reused for every event a pipeline
/// produces; a consumer that keeps it past <see cref="IDnsEventSink.OnEvent"/> must copy what it needs.
/// </summary>
internal sealed class DnsEvent(DnsMessage message)
{
    public DnsMessage Message { get; } = message;

    /// <summary>Capture time in nanoseconds since the Unix epoch.</summary>
    public long Timestamp { get; set; }

    public TimestampPrecision Precision { get; set; }

    public Transport Transport { get; set; }

    public IpAddressValue SourceIp { get; set; }

    public IpAddressValue DestinationIp { get; set; }

    public ushort SourcePort { get; set; }

    public ushort DestinationPort { get; set; }

    /// <summary>Which question of <see cref="Message"/> this event is about; -1 for a message without questions.</summary>
    public int QuestionIndex { get; set; }

    public bool IsQuery => !Message.IsResponse;

    public bool HasQuestion => QuestionIndex >= 0;

    public DnsQuestion Question => Message.Questions[QuestionIndex];

    public ReadOnlySpan<char> QuestionName => HasQuestion ? Message.Text(Question.Name) : default;
}
