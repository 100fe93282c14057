using System.Buffers.Binary;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>Writes pcap and pcapng files, in either byte order, independently of the sensor's readers.</summary>
internal static class CaptureWriter
{
    public const long BaseTime = 1_767_225_600L * 1_000_000_000; // 2026-01-01T00:00:00Z

    public static byte[] Pcap(
        int linkType,
        IEnumerable<byte[]> frames,
        bool nanoseconds = false,
        bool bigEndian = false
    )
    {
        using var output = new MemoryStream();
        var writer = new EndianWriter(output, bigEndian);
        writer.U32(nanoseconds ? 0xA1B23C4Du : 0xA1B2C3D4u);
        writer.U16(2);
        writer.U16(4);
        writer.U32(0);
        writer.U32(0);
        writer.U32(262_144);
        writer.U32((uint)linkType);
        long time = BaseTime;
        foreach (byte[] frame in frames)
        {
            time += 1_234_567; // 1.234567 ms apart, so both resolutions show a distinct fraction
            writer.U32((uint)(time / 1_000_000_000));
            writer.U32((uint)(nanoseconds ? time % 1_000_000_000 : time % 1_000_000_000 / 1000));
            writer.U32((uint)frame.Length);
            writer.U32((uint)frame.Length);
            output.Write(frame);
        }

        return output.ToArray();
    }

    public sealed record NgInterface(int LinkType, byte Resolution, string Name);

    public static byte[] PcapNg(
        IReadOnlyList<NgInterface> interfaces,
        IEnumerable<(int Interface, byte[] Frame)> packets,
        bool bigEndian = false
    )
    {
        using var output = new MemoryStream();
        var writer = new EndianWriter(output, bigEndian);
        Block(
            writer,
            0x0A0D0D0A,
            body =>
            {
                body.U32(0x1A2B3C4D);
                body.U16(1);
                body.U16(0);
                body.U64(ulong.MaxValue); // section length unknown
            }
        );
        foreach (NgInterface face in interfaces)
        {
            Block(
                writer,
                1,
                body =>
                {
                    body.U16((ushort)face.LinkType);
                    body.U16(0);
                    body.U32(262_144);
                    Option(body, 2, System.Text.Encoding.UTF8.GetBytes(face.Name));
                    Option(body, 9, [face.Resolution]);
                    body.U32(0); // opt_endofopt
                }
            );
        }

        long time = BaseTime;
        foreach ((int id, byte[] frame) in packets)
        {
            time += 1_234_567;
            NgInterface face = interfaces[id];
            ulong ticks = face.Resolution == 9 ? (ulong)time : (ulong)(time / 1000);
            Block(
                writer,
                6,
                body =>
                {
                    body.U32((uint)id);
                    body.U32((uint)(ticks >> 32));
                    body.U32((uint)ticks);
                    body.U32((uint)frame.Length);
                    body.U32((uint)frame.Length);
                    body.Bytes(frame);
                    body.Bytes(new byte[(4 - (frame.Length % 4)) % 4]);
                }
            );
        }

        return output.ToArray();
    }

    private static void Option(EndianWriter body, ushort code, byte[] value)
    {
        body.U16(code);
        body.U16((ushort)value.Length);
        body.Bytes(value);
        body.Bytes(new byte[(4 - (value.Length % 4)) % 4]);
    }

    private static void Block(EndianWriter writer, uint type, Action<EndianWriter> writeBody)
    {
        using var bodyStream = new MemoryStream();
        writeBody(new EndianWriter(bodyStream, writer.BigEndian));
        uint length = (uint)bodyStream.Length + 12;
        writer.U32(type);
        writer.U32(length);
        writer.Bytes(bodyStream.ToArray());
        writer.U32(length);
    }

    private sealed class EndianWriter(Stream stream, bool bigEndian)
    {
        public bool BigEndian => bigEndian;

        public void U16(ushort value)
        {
            Span<byte> b = stackalloc byte[2];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(b, value);
            }
            stream.Write(b);
        }

        public void U32(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(b, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b, value);
            }
            stream.Write(b);
        }

        public void U64(ulong value)
        {
            U32(bigEndian ? (uint)(value >> 32) : (uint)value);
            U32(bigEndian ? (uint)value : (uint)(value >> 32));
        }

        public void Bytes(byte[] value) => stream.Write(value);
    }
}
