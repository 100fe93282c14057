using System.Buffers.Binary;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>
/// Classic libpcap files (draft-ietf-opsawg-pcap): either byte order, micro- or nanosecond timestamps.
/// </summary>
internal sealed class PcapFileSource : IPacketSource
{
    public const int HeaderLength = 24;
    private const int RecordHeaderLength = 16;

    /// <summary>
    /// No capture holds larger frames (libpcap's MAXIMUM_SNAPLEN is 262,144); bigger means corruption.
    /// </summary>
    private const int MaxRecordLength = 1 << 20;

    private readonly BufferedFileReader _reader;
    private readonly string _path;
    private readonly bool _bigEndian;
    private readonly TimestampPrecision _precision;
    private readonly int _linkType;

    public PcapFileSource(string path, BufferedFileReader reader, bool bigEndian, bool nanoseconds)
    {
        _path = path;
        _reader = reader;
        _bigEndian = bigEndian;
        _precision = nanoseconds ? TimestampPrecision.Nanoseconds : TimestampPrecision.Microseconds;

        ReadOnlySpan<byte> header = reader.Peek(HeaderLength);
        if (header.Length < HeaderLength)
        {
            throw new CaptureFileException(
                $"{path}: truncated: the file ends inside the {HeaderLength}-byte pcap header"
            );
        }

        // The upper bits of the link type field carry FCS information, not the type.
        _linkType = (int)(ReadUInt32(header[20..]) & 0x0FFF_FFFF);
        if (!LinkTypes.IsSupported(_linkType))
        {
            throw new CaptureFileException($"{path}: unsupported link type {LinkTypes.Describe(_linkType)}");
        }

        reader.Advance(HeaderLength);
    }

    public string Description => _path;

    public long KernelDrops => 0;

    public void Run(Func<string, IPacketHandler> createHandler, CancellationToken cancellation)
    {
        IPacketHandler handler = createHandler(_path);
        for (long index = 1; !cancellation.IsCancellationRequested; index++)
        {
            ReadOnlySpan<byte> header = _reader.Peek(RecordHeaderLength);
            if (header.IsEmpty)
            {
                return;
            }

            if (header.Length < RecordHeaderLength)
            {
                throw Truncated($"inside the header of packet {index}");
            }

            long seconds = ReadUInt32(header);
            long fraction = ReadUInt32(header[4..]);
            int captured = (int)Math.Min(ReadUInt32(header[8..]), int.MaxValue);
            if (captured > MaxRecordLength)
            {
                throw new CaptureFileException(
                    $"{_path}: corrupt: packet {index} at offset {_reader.Position} claims {captured} bytes, more "
                        + $"than any capture holds"
                );
            }

            ReadOnlySpan<byte> record = _reader.Peek(RecordHeaderLength + captured);
            if (record.Length < RecordHeaderLength + captured)
            {
                throw Truncated($"inside packet {index} ({record.Length - RecordHeaderLength} of {captured} bytes)");
            }

            long timestamp =
                (seconds * 1_000_000_000) + (_precision == TimestampPrecision.Nanoseconds ? fraction : fraction * 1000);
            handler.OnPacket(new PacketRecord(record[RecordHeaderLength..], timestamp, _linkType, _precision));
            _reader.Advance(RecordHeaderLength + captured);
        }
    }

    public void Dispose() => _reader.Dispose();

    private uint ReadUInt32(ReadOnlySpan<byte> data) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);

    private CaptureFileException Truncated(string where) => new($"{_path}: truncated: the file ends {where}");
}
