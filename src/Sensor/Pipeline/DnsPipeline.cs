using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Packets.Tcp;

namespace IpLookupSensor.Sensor.Pipeline;

/// <summary>
/// Turns captured frames into DNS events on the capture thread: frame → IP → UDP/TCP → DNS → one event per
/// question. One instance per capture thread; it allocates nothing per packet.
/// </summary>
internal sealed class DnsPipeline : IPacketHandler, ITcpMessageHandler
{
    public const ushort DnsPort = 53;

    private readonly DnsMessage _message = new();
    private readonly DnsEvent _event;
    private readonly TcpReassembler _tcp;
    private readonly IDnsEventSink _sink;
    private readonly IWireEventSink? _wireSink;
    private readonly IConnectionSink? _connections;

    public DnsPipeline(IDnsEventSink sink, TcpReassemblyOptions tcpOptions)
    {
        _sink = sink;
        _wireSink = sink as IWireEventSink;
        _connections = sink is IConnectionSink { WantsConnections: true } connections ? connections : null;
        _event = new DnsEvent(_message);
        _tcp = new TcpReassembler(tcpOptions);
    }

    public PipelineCounters Counters { get; } = new();

    public void OnPacket(in PacketRecord packet)
    {
        Counters.CountPacket(packet.Data.Length);
        SkipReason status = FrameDecoder.TryGetIpPacket(packet.LinkType, packet.Data, out ReadOnlySpan<byte> ip);
        if (status == SkipReason.None)
        {
            status = IpDecoder.TryDecode(ip, out TransportSegment segment);
            if (status == SkipReason.None)
            {
                status =
                    segment.SourcePort == DnsPort || segment.DestinationPort == DnsPort ? Dispatch(ref segment, packet)
                    : IsConnectionStart(segment) ? Connection(segment, packet)
                    : SkipReason.NotDnsPort;
            }
        }

        if (status != SkipReason.None)
        {
            Counters.CountSkip(status);
        }
    }

    /// <summary>Ends reassembly at the end of a capture: partial TCP messages are counted, not kept.</summary>
    public void Complete() => _tcp.Flush(this);

    void ITcpMessageHandler.OnTcpMessage(ReadOnlySpan<byte> message)
    {
        SkipReason status = DecodeAndEmit(message);
        if (status != SkipReason.None)
        {
            Counters.CountSkip(status);
        }
    }

    void ITcpMessageHandler.OnSkipped(SkipReason reason) => Counters.CountSkip(reason);

    private SkipReason Dispatch(ref TransportSegment segment, in PacketRecord packet)
    {
        _event.Timestamp = packet.Timestamp;
        _event.Precision = packet.Precision;
        _event.Transport = segment.Transport;
        _event.SetAddresses(segment.Source, segment.Destination);
        _event.ClearAttribution();
        _event.SourcePort = segment.SourcePort;
        _event.DestinationPort = segment.DestinationPort;

        if (segment.Transport == Transport.Udp)
        {
            return DecodeAndEmit(segment.Payload);
        }

        _tcp.Process(ref segment, packet.Timestamp, packet.InterfaceId, this);
        return SkipReason.None;
    }

    private bool IsConnectionStart(in TransportSegment segment) =>
        _connections is not null
        && segment.Transport == Transport.Tcp
        && (segment.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;

    // Not DNS, and not counted as a skip: the first packet of a connection, for the resolver correlator.
    private SkipReason Connection(in TransportSegment segment, in PacketRecord packet)
    {
        Counters.CountConnection();
        _connections!.OnConnectionAttempt(
            new(
                packet.Timestamp,
                Transport.Tcp,
                segment.Source,
                segment.SourcePort,
                segment.Destination,
                segment.DestinationPort
            )
        );
        return SkipReason.None;
    }

    private unsafe SkipReason DecodeAndEmit(ReadOnlySpan<byte> wire)
    {
        // The message is read in place while its events are handled, then let go: nothing reads it afterwards.
        fixed (byte* pinned = wire)
        {
            _message.Lend(pinned);
            try
            {
                return Emit(wire);
            }
            finally
            {
                _message.EndLoan();
            }
        }
    }

    private SkipReason Emit(ReadOnlySpan<byte> wire)
    {
        SkipReason status = DnsMessageDecoder.Decode(wire, _message);
        if (status != SkipReason.None)
        {
            return status;
        }

        Counters.CountMessage(_message.IsResponse);
        int questions = _message.QuestionCount;
        for (int i = questions == 0 ? -1 : 0; i < questions; i++)
        {
            _event.QuestionIndex = i;
            Counters.CountEvent();
            if (_wireSink is null)
            {
                _sink.OnEvent(_event);
            }
            else
            {
                _wireSink.OnEvent(_event, wire);
            }
        }

        // Records are decoded on first read: a damaged record section is counted when something read it.
        if (_message.HasReadRecords && _message.Incomplete != SkipReason.None)
        {
            Counters.CountSkip(_message.Incomplete);
        }

        return SkipReason.None;
    }
}
