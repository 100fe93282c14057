using System.Buffers.Binary;
using System.Text;
using IpLookupSensor.Attribution.Linux.Ebpf;

namespace IpLookupSensor.Attribution.Tests.Linux.Ebpf;

public sealed class KernelTypesTests
{
    [Fact]
    public void Field_ThroughNestedStructsAnonymousUnionsAndTypedefs_GivesOffsetAndSize()
    {
        KernelTypes types = KernelTypes.Parse(SampleBtf());

        Assert.Equal((14, 2), types.Field("sock", "__sk_common.skc_num"));
        Assert.Equal((12, 2), types.Field("sock", "__sk_common.skc_dport"));
        Assert.Equal((24, 8), types.Field("sock", "__sk_common.skc_net")); // a typedef'd pointer
        Assert.Equal((40, 16), types.Field("sock", "comm")); // char[16]
        Assert.Equal((32, 2), types.Field("sock", "sk_protocol"));
    }

    [Fact]
    public void Field_UnknownStructMemberOrBitField_IsNull()
    {
        KernelTypes types = KernelTypes.Parse(SampleBtf());

        Assert.Null(types.Field("nosuch", "x"));
        Assert.Null(types.Field("sock", "nosuch"));
        Assert.Null(types.Field("sock", "__sk_common.nosuch"));
        Assert.Null(types.Field("sock", "sk_flags")); // a bit field of the kind_flag struct
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(30)]
    public void Parse_CutShort_IsRefused(int length) =>
        Assert.Throws<InvalidDataException>(() =>
            KernelTypes.Parse(SampleBtf().AsSpan(0, Math.Min(length, SampleBtf().Length)))
        );

    [Fact]
    public void Parse_NotBtf_IsRefused()
    {
        byte[] data = SampleBtf();
        data[0] = 0;
        Assert.Throws<InvalidDataException>(() => KernelTypes.Parse(data));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void From_ThisKernelsBtf_FindsEveryFieldTheTraceReads()
    {
        SendTraceLayout? layout = SendTraceLayout.From(KernelTypes.ReadRunningKernel(), out string? failure);

        Assert.Null(failure);
        Assert.NotNull(layout);
        Assert.Equal(
            layout.SocketDestinationPort + 2,
            KernelTypes.ReadRunningKernel().Field("sock", "__sk_common.skc_num")?.Offset
        );
    }

    [Fact]
    public void From_AKernelWithoutAField_SaysWhichIsMissing()
    {
        Assert.Null(SendTraceLayout.From(KernelTypes.Parse(SampleBtf()), out string? failure));
        Assert.Contains("task_struct.group_leader", failure, StringComparison.Ordinal);
    }

    // A tiny BTF with the shapes vmlinux uses:
    //   1 int u16 (2 bytes)   2 int char (1)   3 ptr -> void   4 typedef possible_net_t -> 3   5 array char[16]
    //   6 struct { u16 skc_dport; u16 skc_num; } (anonymous)   7 union { u32 skc_portpair; struct 6; } (anonymous)
    //   8 struct sock_common { u16 skc_hash at 0, anonymous union 7 at 12, possible_net_t skc_net at 24 }
    //   9 struct sock (kind_flag) { sock_common __sk_common at 0, u16 sk_protocol at 32, bit field sk_flags at 34, comm
    // at 40 }
    private static byte[] SampleBtf()
    {
        var strings = new MemoryStream();
        var offsets = new Dictionary<string, int>();
        int Name(string name)
        {
            if (name.Length == 0)
            {
                return 0;
            }

            if (!offsets.TryGetValue(name, out int offset))
            {
                offsets[name] = offset = (int)strings.Length;
                strings.Write(Encoding.ASCII.GetBytes(name + '\0'));
            }

            return offset;
        }

        strings.WriteByte(0);
        var types = new MemoryStream();
        void Type(string name, int kind, int vlen, int sizeOrType, bool kindFlag = false, params int[] extra)
        {
            Span<byte> header = stackalloc byte[12];
            BinaryPrimitives.WriteInt32LittleEndian(header, Name(name));
            BinaryPrimitives.WriteUInt32LittleEndian(
                header[4..],
                ((uint)kind << 24) | (uint)vlen | (kindFlag ? 0x80000000u : 0)
            );
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], sizeOrType);
            types.Write(header);
            foreach (int value in extra)
            {
                types.Write(BitConverter.GetBytes(value)); // little-endian, as the tests run
            }
        }

        Type("u16", 1, 0, 2, false, 16);
        Type("char", 1, 0, 1, false, 8);
        Type(string.Empty, 2, 0, 0);
        Type("possible_net_t", 8, 0, 3);
        Type(string.Empty, 3, 0, 0, false, 2, 1, 16);
        Type(string.Empty, 4, 2, 4, false, Name("skc_dport"), 1, 0, Name("skc_num"), 1, 16);
        Type(string.Empty, 5, 2, 4, false, Name("skc_portpair"), 1, 0, 0, 6, 0);
        Type("sock_common", 4, 3, 32, false, Name("skc_hash"), 1, 0, 0, 7, 96, Name("skc_net"), 4, 192);
        Type(
            "sock",
            4,
            4,
            56,
            true,
            Name("__sk_common"),
            8,
            0,
            Name("sk_protocol"),
            1,
            256,
            Name("sk_flags"),
            1,
            (3 << 24) | 272,
            Name("comm"),
            5,
            320
        );
        byte[] typeBytes = types.ToArray();
        byte[] stringBytes = strings.ToArray();

        var btf = new byte[24 + typeBytes.Length + stringBytes.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(btf, 0xEB9F);
        btf[2] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(btf.AsSpan(4), 24);
        BinaryPrimitives.WriteInt32LittleEndian(btf.AsSpan(8), 0);
        BinaryPrimitives.WriteInt32LittleEndian(btf.AsSpan(12), typeBytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(btf.AsSpan(16), typeBytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(btf.AsSpan(20), stringBytes.Length);
        typeBytes.CopyTo(btf, 24);
        stringBytes.CopyTo(btf, 24 + typeBytes.Length);
        return btf;
    }
}
