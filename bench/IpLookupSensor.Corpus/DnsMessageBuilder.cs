using System.Buffers.Binary;
using System.Text;

namespace IpLookupSensor.Corpus;

/// <summary>
/// Writes DNS messages (RFC 1035, RFC 6891 OPT) the way resolvers do: answers point back at the question.
/// </summary>
internal ref struct DnsMessageBuilder(Span<byte> buffer)
{
    public const ushort TypeA = 1,
        TypeNs = 2,
        TypeCname = 5,
        TypeSoa = 6,
        TypePtr = 12,
        TypeMx = 15,
        TypeTxt = 16,
        TypeAaaa = 28,
        TypeSrv = 33,
        TypeOpt = 41,
        TypeHttps = 65;

    private const int QuestionOffset = 12;
    private readonly Span<byte> _buffer = buffer;

    public int Length { get; private set; }

    public void Header(ushort id, ushort flags, int answers, int authorities, int additionals)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, id);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[6..], (ushort)answers);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[8..], (ushort)authorities);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[10..], (ushort)additionals);
        Length = QuestionOffset;
    }

    public void Question(string name, ushort type)
    {
        Name(name);
        UInt16(type);
        UInt16(1);
    }

    /// <summary>Writes a name as labels (with an optional pointer as its tail) and returns where it starts.</summary>
    public int Name(string name, int pointerTail = -1)
    {
        int start = Length;
        foreach (string label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            _buffer[Length++] = (byte)label.Length;
            Length += Encoding.ASCII.GetBytes(label, _buffer[Length..]);
        }

        if (pointerTail >= 0)
        {
            UInt16((ushort)(0xC000 | pointerTail));
        }
        else
        {
            _buffer[Length++] = 0;
        }

        return start;
    }

    /// <summary>
    /// Starts a record owned by the name at <paramref name="ownerOffset"/> (the question by default); returns where its
    /// RDATA length goes.
    /// </summary>
    public int Record(ushort type, uint ttl, int ownerOffset = QuestionOffset)
    {
        UInt16((ushort)(0xC000 | ownerOffset));
        UInt16(type);
        UInt16(1);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Length..], ttl);
        Length += 4;
        Length += 2;
        return Length - 2;
    }

    public void EndRecord(int lengthOffset) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[lengthOffset..], (ushort)(Length - lengthOffset - 2));

    public void Bytes(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Length..]);
        Length += bytes.Length;
    }

    /// <summary>RFC 1035 §3.3: a length octet, then up to 255 octets.</summary>
    public void CharacterString(string text)
    {
        _buffer[Length++] = (byte)text.Length;
        Length += Encoding.ASCII.GetBytes(text, _buffer[Length..]);
    }

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Length..], value);
        Length += 2;
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Length..], value);
        Length += 4;
    }

    /// <summary>An OPT pseudo-record (RFC 6891 §6.1.2), with a client cookie (RFC 7873) when given.</summary>
    public void Opt(ushort udpSize, bool dnssecOk, ulong cookie)
    {
        _buffer[Length++] = 0;
        UInt16(TypeOpt);
        UInt16(udpSize);
        UInt32(dnssecOk ? 0x8000u : 0);
        UInt16((ushort)(cookie == 0 ? 0 : 12));
        if (cookie != 0)
        {
            UInt16(10);
            UInt16(8);
            BinaryPrimitives.WriteUInt64BigEndian(_buffer[Length..], cookie);
            Length += 8;
        }
    }
}
