using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// An event kept past its packet: the DNS message's bytes and what the pipeline knew about the packet, decoded
/// again into a (reused) event when its turn comes. The buffer grows once to the largest message it held.
/// </summary>
internal sealed class EventCopy
{
    private byte[] _wire = new byte[512];
    private int _length;
    private long _timestamp;
    private TimestampPrecision _precision;
    private Transport _transport;
    private IpAddressValue _source;
    private IpAddressValue _destination;
    private ushort _sourcePort;
    private ushort _destinationPort;
    private int _questionIndex;

    public void CopyFrom(DnsEvent e, ReadOnlySpan<byte> wire)
    {
        if (wire.Length > _wire.Length)
        {
            _wire = new byte[Math.Max(wire.Length, _wire.Length * 2)];
        }

        wire.CopyTo(_wire);
        (_length, _timestamp, _precision, _transport) = (wire.Length, e.Timestamp, e.Precision, e.Transport);
        (_source, _destination, _sourcePort, _destinationPort, _questionIndex) = (
            e.SourceIp,
            e.DestinationIp,
            e.SourcePort,
            e.DestinationPort,
            e.QuestionIndex
        );
    }

    public void CopyFrom(EventCopy other)
    {
        if (other._length > _wire.Length)
        {
            _wire = new byte[other._length];
        }

        other._wire.AsSpan(0, other._length).CopyTo(_wire);
        (_length, _timestamp, _precision, _transport) = (
            other._length,
            other._timestamp,
            other._precision,
            other._transport
        );
        (_source, _destination, _sourcePort, _destinationPort, _questionIndex) = (
            other._source,
            other._destination,
            other._sourcePort,
            other._destinationPort,
            other._questionIndex
        );
    }

    /// <summary>
    /// Fills <paramref name="e"/> (attribution cleared); false if the message no longer decodes (it did once).
    /// </summary>
    public bool CopyTo(DnsEvent e)
    {
        e.Timestamp = _timestamp;
        e.Precision = _precision;
        e.FromPacket = true;
        e.Transport = _transport;
        e.SetAddresses(_source, _destination);
        e.SourcePort = _sourcePort;
        e.DestinationPort = _destinationPort;
        e.QuestionIndex = _questionIndex;
        e.ClearAttribution();
        return DnsMessageDecoder.Decode(_wire.AsSpan(0, _length), e.Message) == Pipeline.SkipReason.None;
    }
}
