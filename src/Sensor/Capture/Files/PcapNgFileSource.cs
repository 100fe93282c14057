using System.Buffers.Binary;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>
/// pcapng files (draft-ietf-opsawg-pcapng): several sections and interfaces, each interface with its own link type
/// and timestamp resolution; Enhanced, Simple and obsolete Packet blocks. Other blocks are skipped.
/// </summary>
internal sealed class PcapNgFileSource(string path, BufferedFileReader reader) : IPacketSource
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint InterfaceDescriptionType = 1;
    private const uint ObsoletePacketType = 2;
    private const uint SimplePacketType = 3;
    private const uint EnhancedPacketType = 6;
    private const int MaxBlockLength = 16 << 20; // as libpcap: larger is corruption, not data

    private readonly List<PcapNgInterface> _interfaces = [];
    private bool _bigEndian;

    public string Description => path;

    public long KernelDrops => 0;

    public void Run(Func<string, IPacketHandler> createHandler, CancellationToken cancellation)
    {
        IPacketHandler handler = createHandler(path);
        for (long block = 1; !cancellation.IsCancellationRequested; block++)
        {
            ReadOnlySpan<byte> head = reader.Peek(12);
            if (head.IsEmpty)
            {
                return;
            }

            if (head.Length < 12)
            {
                throw Truncated($"inside the header of block {block}");
            }

            uint type = BinaryPrimitives.ReadUInt32LittleEndian(head); // the SHB type reads the same either way
            if (type == SectionHeaderType)
            {
                uint magic = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
                _bigEndian = magic != ByteOrderMagic;
                if (_bigEndian && BinaryPrimitives.ReverseEndianness(magic) != ByteOrderMagic)
                {
                    throw Corrupt($"section header block {block} has no byte-order magic");
                }

                _interfaces.Clear();
            }
            else
            {
                type = ReadUInt32(head);
            }

            uint length = ReadUInt32(head[4..]);
            if (length < 12 || length % 4 != 0 || length > MaxBlockLength)
            {
                throw Corrupt($"block {block} at offset {reader.Position} has an impossible length {length}");
            }

            ReadOnlySpan<byte> data = reader.Peek((int)length);
            if (data.Length < length)
            {
                throw Truncated($"inside block {block} ({data.Length} of {length} bytes)");
            }

            if (ReadUInt32(data[^4..]) != length)
            {
                throw Corrupt($"block {block} at offset {reader.Position}: its trailing length does not match");
            }

            ReadOnlySpan<byte> body = data[8..^4];
            switch (type)
            {
                case InterfaceDescriptionType:
                    AddInterface(body, block);
                    break;
                case EnhancedPacketType:
                    DeliverEnhanced(body, block, handler);
                    break;
                case SimplePacketType:
                    DeliverSimple(body, block, handler);
                    break;
                case ObsoletePacketType:
                    DeliverObsolete(body, block, handler);
                    break;
            }

            reader.Advance((int)length);
        }
    }

    public void Dispose() => reader.Dispose();

    private void AddInterface(ReadOnlySpan<byte> body, long block)
    {
        if (body.Length < 8)
        {
            throw Corrupt($"interface description block {block} is too short");
        }

        int linkType = ReadUInt16(body);
        if (!LinkTypes.IsSupported(linkType))
        {
            throw new CaptureFileException(
                $"{path}: unsupported link type {LinkTypes.Describe(linkType)} on interface {_interfaces.Count}"
            );
        }

        uint snapLength = ReadUInt32(body[4..]);
        byte resolution = 6;
        string? name = null;
        var options = new PcapNgOptionReader(body[8..], _bigEndian);
        while (options.MoveNext())
        {
            if (options.Code == 9 && options.Value.Length >= 1)
            {
                resolution = options.Value[0]; // if_tsresol
            }
            else if (options.Code == 2)
            {
                name = System.Text.Encoding.UTF8.GetString(options.Value).TrimEnd('\0'); // if_name
            }
        }

        _interfaces.Add(new PcapNgInterface(linkType, snapLength, resolution, name));
    }

    // Enhanced (6) and obsolete (2) packet blocks share their layout after the interface id: a 32-bit id in the
    // first, a 16-bit id and a drop count in the second; then timestamp high, low, captured and original length.
    private void DeliverEnhanced(ReadOnlySpan<byte> body, long block, IPacketHandler handler) =>
        DeliverPacket(body, block, handler, body.Length >= 4 ? ReadUInt32(body) : 0, "enhanced packet block");

    private void DeliverObsolete(ReadOnlySpan<byte> body, long block, IPacketHandler handler) =>
        DeliverPacket(body, block, handler, body.Length >= 2 ? ReadUInt16(body) : 0u, "packet block");

    private void DeliverPacket(ReadOnlySpan<byte> body, long block, IPacketHandler handler, uint id, string what)
    {
        if (body.Length < 20)
        {
            throw Corrupt($"{what} {block} is too short");
        }

        PcapNgInterface face = Interface(id, block);
        ulong ticks = ((ulong)ReadUInt32(body[4..]) << 32) | ReadUInt32(body[8..]);
        uint captured = ReadUInt32(body[12..]);
        if (captured > body.Length - 20)
        {
            throw Corrupt($"{what} {block} claims {captured} captured bytes but holds {body.Length - 20}");
        }

        handler.OnPacket(
            new PacketRecord(
                body.Slice(20, (int)captured),
                face.ToNanoseconds(ticks),
                face.LinkType,
                face.Precision,
                (int)id
            )
        );
    }

    private void DeliverSimple(ReadOnlySpan<byte> body, long block, IPacketHandler handler)
    {
        if (body.Length < 4)
        {
            throw Corrupt($"simple packet block {block} is too short");
        }

        // No interface id and no timestamp: interface 0, captured length bounded by the block and the snap length.
        PcapNgInterface face = Interface(0, block);
        long original = ReadUInt32(body);
        int captured = (int)
            Math.Min(Math.Min(original, body.Length - 4), face.SnapLength == 0 ? uint.MaxValue : face.SnapLength);
        handler.OnPacket(new PacketRecord(body.Slice(4, captured), 0, face.LinkType, face.Precision));
    }

    private PcapNgInterface Interface(uint id, long block) =>
        id < _interfaces.Count
            ? _interfaces[(int)id]
            : throw Corrupt($"block {block} refers to interface {id}, but the section describes {_interfaces.Count}");

    private uint ReadUInt32(ReadOnlySpan<byte> data) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data) : BinaryPrimitives.ReadUInt32LittleEndian(data);

    private ushort ReadUInt16(ReadOnlySpan<byte> data) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data) : BinaryPrimitives.ReadUInt16LittleEndian(data);

    private CaptureFileException Truncated(string where) => new($"{path}: truncated: the file ends {where}");

    private CaptureFileException Corrupt(string what) => new($"{path}: corrupt: {what}");
}
