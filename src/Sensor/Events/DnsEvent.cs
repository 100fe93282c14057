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

    /// <summary>
    /// False for a lookup known only from the Windows DNS Client's events (answered from its cache, no packet): the
    /// network fields (transport, addresses, ports, message id) are then absent.
    /// </summary>
    public bool FromPacket { get; set; } = true;

    public Transport Transport { get; set; }

    private readonly char[] _sourceIpText = new char[IpAddressText.MaxLength];
    private readonly char[] _destinationIpText = new char[IpAddressText.MaxLength];
    private int _sourceIpLength = -1;
    private int _destinationIpLength = -1;

    public IpAddressValue SourceIp { get; private set; }

    public IpAddressValue DestinationIp { get; private set; }

    /// <summary>
    /// The source address as text, formatted on first use per packet (rules read it, most events never do).
    /// </summary>
    public ReadOnlySpan<char> SourceIpText => Formatted(SourceIp, _sourceIpText, ref _sourceIpLength);

    public ReadOnlySpan<char> DestinationIpText =>
        Formatted(DestinationIp, _destinationIpText, ref _destinationIpLength);

    public ushort SourcePort { get; set; }

    public ushort DestinationPort { get; set; }

    /// <summary>
    /// Which question of <see cref="Message"/> this event is about; -1 for a message without questions.
    /// </summary>
    public int QuestionIndex { get; set; }

    /// <summary>Who sent it, once attribution has said; null before that and in gateway mode.</summary>
    public ProcessIdentity? Process { get; set; }

    public AttributionStatus Attribution { get; set; }

    /// <summary>The local resolver that sent this message, when <see cref="Attribution"/> is resolver_only.</summary>
    public ProcessIdentity? Resolver { get; set; }

    /// <summary>iplookup.attribution.method: how the process was found (procfs, recorded).</summary>
    public string? AttributionMethod { get; set; }

    /// <summary>iplookup.attribution.confidence: high, medium or low; null when there is no owner.</summary>
    public string? AttributionConfidence { get; set; }

    /// <summary>
    /// iplookup.attribution.reason: why there is no owner (socket_closed, pid_exited, remote_host…), or a caveat.
    /// </summary>
    public string? AttributionReason { get; set; }

    /// <summary>
    /// iplookup.attribution.candidates: how many processes could have asked, when more than one could.
    /// </summary>
    public int? AttributionCandidates { get; set; }

    public bool IsQuery => !Message.IsResponse;

    public bool HasQuestion => QuestionIndex >= 0;

    public DnsQuestion Question => Message.Questions[QuestionIndex];

    public ReadOnlySpan<char> QuestionName => HasQuestion ? Message.Text(Question.Name) : default;

    /// <summary>Forgets what attribution said: the event object is reused for the next message.</summary>
    public void ClearAttribution()
    {
        Process = null;
        Resolver = null;
        Attribution = AttributionStatus.None;
        AttributionMethod = null;
        AttributionConfidence = null;
        AttributionReason = null;
        AttributionCandidates = null;
    }

    public void SetAddresses(IpAddressValue source, IpAddressValue destination)
    {
        SourceIp = source;
        DestinationIp = destination;
        _sourceIpLength = -1;
        _destinationIpLength = -1;
    }

    private static ReadOnlySpan<char> Formatted(IpAddressValue address, char[] buffer, ref int length)
    {
        if (length < 0)
        {
            length = address.Format(buffer);
        }

        return buffer.AsSpan(0, length);
    }
}
