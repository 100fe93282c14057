using System.Buffers.Binary;
using System.Text;

namespace IpLookupSensor.Sensor.Capture.Recording;

/// <summary>
/// Writes what a live capture saw as pcapng (one interface description per capture interface, microsecond
/// timestamps), from any number of capture threads; the file can be replayed with its attribution record.
/// </summary>
internal sealed class PcapNgWriter : IDisposable
{
    private readonly Stream _output;
    private readonly Dictionary<string, int> _interfaces = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public PcapNgWriter(Stream output)
    {
        _output = output;
        Span<byte> body = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(body, 0x1A2B3C4D); // byte-order magic
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], 1); // version 1.0
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], -1); // section length unknown
        WriteBlock(0x0A0D0D0A, body, []);
    }

    public static PcapNgWriter Create(string path)
    {
        try
        {
            return new PcapNgWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Cli.UsageException($"--write-pcap {path}: {e.Message}");
        }
    }

    public void Write(string interfaceName, in PacketRecord packet)
    {
        lock (_lock)
        {
            if (!_interfaces.TryGetValue(interfaceName, out int id))
            {
                id = _interfaces.Count;
                _interfaces[interfaceName] = id;
                WriteInterface(interfaceName, packet.LinkType);
            }

            Span<byte> head = stackalloc byte[20];
            ulong micros = (ulong)(packet.Timestamp / 1000);
            BinaryPrimitives.WriteUInt32LittleEndian(head, (uint)id);
            BinaryPrimitives.WriteUInt32LittleEndian(head[4..], (uint)(micros >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(head[8..], (uint)micros);
            BinaryPrimitives.WriteUInt32LittleEndian(head[12..], (uint)packet.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(head[16..], (uint)packet.Data.Length);
            WriteBlock(6, head, packet.Data);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _output.Dispose();
        }
    }

    private void WriteInterface(string name, int linkType)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        int padded = (nameBytes.Length + 3) & ~3;
        var body = new byte[8 + 4 + padded + 4];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)linkType);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 262_144); // snap length
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(8), 2); // if_name
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(10), (ushort)nameBytes.Length);
        nameBytes.CopyTo(body, 12); // opt_endofopt follows as zeros
        WriteBlock(1, body, []);
    }

    private void WriteBlock(uint type, ReadOnlySpan<byte> fixedPart, ReadOnlySpan<byte> data)
    {
        int padding = (4 - (data.Length % 4)) % 4;
        uint length = (uint)(12 + fixedPart.Length + data.Length + padding);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, type);
        _output.Write(word);
        BinaryPrimitives.WriteUInt32LittleEndian(word, length);
        _output.Write(word);
        _output.Write(fixedPart);
        _output.Write(data);
        _output.Write(stackalloc byte[padding]);
        _output.Write(word);
    }
}
