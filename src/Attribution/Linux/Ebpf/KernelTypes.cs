using System.Buffers.Binary;
using System.Text;

namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// The kernel's own description of its structures (BTF, /sys/kernel/btf/vmlinux), read for the byte offsets of the
/// few fields the send trace reads: their layout changes between kernel builds, the BTF always matches the kernel
/// it comes with. Format: https://docs.kernel.org/bpf/btf.html.
/// </summary>
public sealed class KernelTypes
{
    public const string VmlinuxPath = "/sys/kernel/btf/vmlinux";

    private const ushort Magic = 0xEB9F;
    private const int KindInt = 1,
        KindArray = 3,
        KindStruct = 4,
        KindUnion = 5,
        KindTypedef = 8,
        KindVolatile = 9,
        KindConst = 10,
        KindRestrict = 11,
        KindTypeTag = 18;

    private readonly byte[] _strings;
    private readonly List<BtfType> _types = [default]; // type ids start at 1
    private readonly Dictionary<string, int> _structs = new(StringComparer.Ordinal);

    private KernelTypes(byte[] strings) => _strings = strings;

    /// <summary>A member of a struct or union: the type id and bit offset come from a btf_member.</summary>
    private readonly record struct Member(int NameOffset, int Type, uint Offset);

    private readonly record struct BtfType(
        int Kind,
        int NameOffset,
        int SizeOrType,
        bool KindFlag,
        Member[]? Members,
        (int Element, int Count) Array = default
    );

    /// <summary>The running kernel's types, from <see cref="VmlinuxPath"/>.</summary>
    /// <exception cref="IOException">unreadable (a read that ends short is tried once more)</exception>
    /// <exception cref="InvalidDataException">not BTF</exception>
    public static KernelTypes ReadRunningKernel()
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(VmlinuxPath);
        }
        catch (EndOfStreamException)
        {
            // Seen once in CI, just after the machine stalled for a minute: the read ended before the size the file
            // gives. A second read costs a fraction of a second at startup; without the types there is no trace.
            data = File.ReadAllBytes(VmlinuxPath);
        }

        return Parse(data);
    }

    /// <exception cref="InvalidDataException">not BTF, or cut short</exception>
    public static KernelTypes Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 24 || BinaryPrimitives.ReadUInt16LittleEndian(data) != Magic)
        {
            throw new InvalidDataException("not little-endian BTF");
        }

        int headerLength = ReadInt(data, 4);
        int typeStart = headerLength + ReadInt(data, 8),
            typeEnd = typeStart + ReadInt(data, 12);
        int stringStart = headerLength + ReadInt(data, 16),
            stringEnd = stringStart + ReadInt(data, 20);
        if (
            headerLength < 24
            || typeStart < headerLength
            || typeEnd > data.Length
            || stringStart < headerLength
            || stringEnd > data.Length
            || typeEnd < typeStart
            || stringEnd < stringStart
        )
        {
            throw new InvalidDataException("BTF sections outside the data");
        }

        var types = new KernelTypes(data[stringStart..stringEnd].ToArray());
        ReadOnlySpan<byte> section = data[typeStart..typeEnd];
        for (int at = 0; at < section.Length; )
        {
            types.Add(section, ref at);
        }

        return types;
    }

    /// <summary>
    /// The byte offset of a member from the start of <paramref name="structName"/>, following a dotted path through
    /// nested structs and anonymous unions (<c>__sk_common.skc_num</c>), and its size in bytes; null when the kernel
    /// has no such struct or member, or the member is a bit field.
    /// </summary>
    public (int Offset, int Size)? Field(string structName, string path)
    {
        if (!_structs.TryGetValue(structName, out int type))
        {
            return null;
        }

        int offset = 0;
        foreach (string name in path.Split('.'))
        {
            if (FindMember(Resolve(type), name, 0) is not (int memberType, int bits) || bits % 8 != 0)
            {
                return null;
            }

            (type, offset) = (memberType, offset + (bits / 8));
        }

        return SizeOf(type) is int size ? (offset, size) : null;
    }

    private void Add(ReadOnlySpan<byte> section, ref int at)
    {
        if (at + 12 > section.Length)
        {
            throw new InvalidDataException("BTF type cut short");
        }

        int nameOffset = ReadInt(section, at);
        uint info = BinaryPrimitives.ReadUInt32LittleEndian(section[(at + 4)..]);
        int sizeOrType = ReadInt(section, at + 8);
        int kind = (int)((info >> 24) & 0x1F),
            count = (int)(info & 0xFFFF);
        bool kindFlag = (info >> 31) != 0;
        at += 12;
        int extra = kind switch
        {
            KindInt or 14 or 17 => 4, // int encoding; var linkage; decl tag component
            KindArray => 12,
            KindStruct or KindUnion or 15 or 19 => 12 * count, // members; datasec variables; enum64 values
            6 or 13 => 8 * count, // enum values; function parameters
            _ => 0,
        };
        if (at + extra > section.Length)
        {
            throw new InvalidDataException("BTF type cut short");
        }

        Member[]? members = null;
        if (kind is KindStruct or KindUnion)
        {
            members = new Member[count];
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> member = section[(at + (12 * i))..];
                members[i] = new Member(
                    ReadInt(member, 0),
                    ReadInt(member, 4),
                    BinaryPrimitives.ReadUInt32LittleEndian(member[8..])
                );
            }

            if (kind == KindStruct && nameOffset != 0)
            {
                _structs.TryAdd(Name(nameOffset), _types.Count);
            }
        }

        (int, int) array = kind == KindArray ? (ReadInt(section, at), ReadInt(section, at + 8)) : default;
        at += extra;
        _types.Add(new BtfType(kind, nameOffset, sizeOrType, kindFlag, members, array));
    }

    // Anonymous structs and unions are searched through, as C lets their members be named directly.
    private (int Type, int BitOffset)? FindMember(int type, string name, int baseBits)
    {
        if (type <= 0 || type >= _types.Count || _types[type].Members is not { } members)
        {
            return null;
        }

        bool kindFlag = _types[type].KindFlag;
        foreach (Member member in members)
        {
            int bits = baseBits + (int)(kindFlag ? member.Offset & 0xFFFFFF : member.Offset);
            if (kindFlag && member.Offset >> 24 != 0)
            {
                continue; // a bit field
            }

            if (member.NameOffset != 0 && Name(member.NameOffset) == name)
            {
                return (member.Type, bits);
            }

            if (member.NameOffset == 0 && FindMember(Resolve(member.Type), name, bits) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    // Through typedefs and qualifiers to the type itself.
    private int Resolve(int type)
    {
        for (int hops = 0; hops < 32 && type > 0 && type < _types.Count; hops++)
        {
            if (_types[type].Kind is not (KindTypedef or KindVolatile or KindConst or KindRestrict or KindTypeTag))
            {
                return type;
            }

            type = _types[type].SizeOrType;
        }

        return type;
    }

    private int? SizeOf(int type)
    {
        type = Resolve(type);
        if (type <= 0 || type >= _types.Count)
        {
            return null;
        }

        BtfType found = _types[type];
        return found.Kind switch
        {
            2 => 8, // a pointer, on the 64-bit kernels the trace supports
            KindArray when found.Array.Element != type => SizeOf(found.Array.Element) * found.Array.Count,
            KindInt or KindStruct or KindUnion or 6 or 19 => found.SizeOrType,
            _ => null,
        };
    }

    private string Name(int offset)
    {
        if (offset < 0 || offset >= _strings.Length)
        {
            return string.Empty;
        }

        int end = Array.IndexOf(_strings, (byte)0, offset);
        return Encoding.ASCII.GetString(_strings, offset, (end < 0 ? _strings.Length : end) - offset);
    }

    private static int ReadInt(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
}
