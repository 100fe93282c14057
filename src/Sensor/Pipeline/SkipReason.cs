namespace IpLookupSensor.Sensor.Pipeline;

/// <summary>
/// Why a packet, or part of one, was not turned into a DNS event. A bounded set: each value is a counter
/// and, later, a metric tag. Names in <see cref="SkipReasons"/> are what the summary prints.
/// </summary>
internal enum SkipReason : byte
{
    None,

    // Link layer.
    LinkTruncated,
    UnsupportedLinkType,
    NotIp,

    // IP layer.
    IpTruncated,
    IpBadHeader,
    IpFragment,
    Ipv6ExtensionHeaders,
    NotUdpOrTcp,

    // Transport.
    TransportTruncated,
    NotDnsPort,
    TcpRetransmission,
    TcpOutOfOrderLimit,
    TcpFlowTooLarge,
    TcpMemoryLimit,
    TcpFlowLimit,
    TcpFlowEvicted,

    /// <summary>A TCP stream closed, idled out or ended with part of a DNS message still buffered.</summary>
    TcpStreamIncomplete,
    TcpEmptyMessage,

    // DNS message (RFC 1035 §4).
    DnsTruncated,

    /// <summary>
    /// A length byte of 64–191: a label over 63 octets, or an extended/reserved label type (RFC 6891 §5).
    /// </summary>
    DnsLabelTooLong,
    DnsNameTooLong,
    DnsForwardPointer,
    DnsTooManyQuestions,

    // Sections after the questions: the event is still emitted with what was decoded.
    DnsAnswersIncomplete,
    DnsTooManyAnswers,
}
