using System.Buffers.Binary;

namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>Opens a capture file as a packet source, telling pcap from pcapng by its magic number.</summary>
internal static class CaptureFile
{
    public static IPacketSource Open(string path)
    {
#pragma warning disable CA2000 // the reader owns the stream from here on and is disposed below
        BufferedFileReader? reader = new(OpenStream(path));
#pragma warning restore CA2000
        try
        {
            IPacketSource source = Create(path, reader);
            reader = null; // the source owns it now
            return source;
        }
        finally
        {
            reader?.Dispose();
        }
    }

    private static IPacketSource Create(string path, BufferedFileReader reader)
    {
        ReadOnlySpan<byte> magic = reader.Peek(4);
        if (magic.Length < 4)
        {
            throw new CaptureFileException(
                magic.IsEmpty
                    ? $"{path}: empty file, not a capture"
                    : $"{path}: truncated: {magic.Length} bytes, too short for a capture file header"
            );
        }

        uint value = BinaryPrimitives.ReadUInt32LittleEndian(magic);
        return value switch
        {
            0xA1B2C3D4 => new PcapFileSource(path, reader, bigEndian: false, nanoseconds: false),
            0xD4C3B2A1 => new PcapFileSource(path, reader, bigEndian: true, nanoseconds: false),
            0xA1B23C4D => new PcapFileSource(path, reader, bigEndian: false, nanoseconds: true),
            0x4D3CB2A1 => new PcapFileSource(path, reader, bigEndian: true, nanoseconds: true),
            PcapNgFileSource.SectionHeaderType => new PcapNgFileSource(path, reader),
            _ when magic[0] == 0x1F && magic[1] == 0x8B => throw new CaptureFileException(
                $"{path}: gzip-compressed; decompress it first (gunzip)"
            ),
            _ => throw new CaptureFileException($"{path}: not a pcap or pcapng capture (starts with 0x{value:x8})"),
        };
    }

    private static FileStream OpenStream(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CaptureFileException($"{path}: is a directory, not a capture file");
        }

        try
        {
            return new FileStream(
                path,
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read,
                bufferSize: 0,
                FileOptions.SequentialScan
            );
        }
        catch (FileNotFoundException)
        {
            throw new CaptureFileException($"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CaptureFileException($"{path}: no such file (the folder does not exist)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CaptureFileException($"{path}: permission denied");
        }
        catch (IOException e)
        {
            throw new CaptureFileException($"{path}: cannot read: {e.Message}");
        }
    }
}
