using System.Buffers.Binary;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// Decodes a DNS message (RFC 1035 §4.1, RFC 6891 for OPT) into a reused <see cref="DnsMessage"/>.
/// Never throws on content: the header and every question must decode or the message is skipped with a reason;
/// a failure after the questions keeps what was decoded and records why in <see cref="DnsMessage.Incomplete"/>.
/// </summary>
internal static class DnsMessageDecoder
{
    /// <summary>RFC 1035 §4.1.1: the header is 12 octets.</summary>
    public const int HeaderLength = 12;

    private const int FixedRecordLength = 10; // TYPE, CLASS, TTL, RDLENGTH (RFC 1035 §4.1.3)

    public static SkipReason Decode(ReadOnlySpan<byte> wire, DnsMessage message)
    {
        if (wire.Length < HeaderLength)
        {
            return SkipReason.DnsTruncated;
        }

        ushort questionCount = BinaryPrimitives.ReadUInt16BigEndian(wire[4..]);
        ushort answerCount = BinaryPrimitives.ReadUInt16BigEndian(wire[6..]);
        ushort authorityCount = BinaryPrimitives.ReadUInt16BigEndian(wire[8..]);
        ushort additionalCount = BinaryPrimitives.ReadUInt16BigEndian(wire[10..]);
        message.Reset(
            id: BinaryPrimitives.ReadUInt16BigEndian(wire),
            flags: BinaryPrimitives.ReadUInt16BigEndian(wire[2..]),
            answerCountOnWire: answerCount
        );

        if (questionCount > DnsMessage.MaxQuestions)
        {
            return SkipReason.DnsTooManyQuestions;
        }

        int position = HeaderLength;
        for (int i = 0; i < questionCount; i++)
        {
            SkipReason status = ReadQuestion(wire, ref position, message);
            if (status != SkipReason.None)
            {
                return status;
            }
        }

        message.Keep(wire, position, authorityCount, additionalCount);
        return SkipReason.None;
    }

    private static SkipReason ReadQuestion(ReadOnlySpan<byte> wire, ref int position, DnsMessage message)
    {
        SkipReason status = DnsName.TrySkip(wire, position, out int consumed);
        if (status != SkipReason.None)
        {
            return status;
        }

        int nameOffset = position;
        position += consumed;
        if (position + 4 > wire.Length)
        {
            return SkipReason.DnsTruncated;
        }

        message.AddQuestion(
            nameOffset,
            BinaryPrimitives.ReadUInt16BigEndian(wire[position..]),
            BinaryPrimitives.ReadUInt16BigEndian(wire[(position + 2)..])
        );
        position += 4;
        return SkipReason.None;
    }

    /// <summary>
    /// Reads the sections after the questions, starting at <paramref name="position"/>; <see cref="DnsMessage"/> calls
    /// it on first use.
    /// </summary>
    internal static void ReadRecords(
        ReadOnlySpan<byte> wire,
        int position,
        int answers,
        int authorities,
        int additionals,
        DnsMessage message
    )
    {
        int total = answers + authorities + additionals;
        for (int i = 0; i < total; i++)
        {
            bool isAnswer = i < answers;
            bool keep = isAnswer && message.KeptAnswers < DnsMessage.MaxAnswers;
            if (isAnswer && !keep)
            {
                message.MarkIncomplete(SkipReason.DnsTooManyAnswers);
            }

            SkipReason status = ReadRecord(wire, ref position, message, keep, additional: i >= answers + authorities);
            if (status != SkipReason.None)
            {
                message.MarkIncomplete(status);
                return;
            }
        }
    }

    private static SkipReason ReadRecord(
        ReadOnlySpan<byte> wire,
        ref int position,
        DnsMessage message,
        bool keep,
        bool additional
    )
    {
        int nameOffset = position;
        SkipReason status = DnsName.TrySkip(wire, position, out int consumed);
        if (status != SkipReason.None)
        {
            return status;
        }

        position += consumed;
        if (position + FixedRecordLength > wire.Length)
        {
            return SkipReason.DnsTruncated;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(wire[position..]);
        ushort @class = BinaryPrimitives.ReadUInt16BigEndian(wire[(position + 2)..]);
        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(wire[(position + 4)..]);
        ushort dataLength = BinaryPrimitives.ReadUInt16BigEndian(wire[(position + 8)..]);
        int dataStart = position + FixedRecordLength;
        if (dataStart + dataLength > wire.Length)
        {
            return SkipReason.DnsTruncated;
        }

        position = dataStart + dataLength;
        if (additional && type == DnsRecordType.Opt && !message.OptSeen)
        {
            // RFC 6891 §6.1.2-3: CLASS is the requestor's UDP payload size, TTL the extended RCODE and flags.
            message.SetOpt(@class, ttl);
        }

        if (!keep)
        {
            return SkipReason.None;
        }

        AnswerData data = AnswerData.None;
        if ((type == DnsRecordType.A && dataLength == 4) || (type == DnsRecordType.Aaaa && dataLength == 16))
        {
            data = AnswerData.Address;
        }
        else if (type is DnsRecordType.Cname or DnsRecordType.Ptr)
        {
            // The target may be compressed against the whole message, but must end inside RDATA.
            status = DnsName.TrySkip(wire, dataStart, out int targetLength);
            if (status != SkipReason.None)
            {
                return status;
            }

            if (targetLength > dataLength)
            {
                return SkipReason.DnsTruncated;
            }

            data = AnswerData.Name;
        }

        message.AddAnswer(new AnswerOnWire(nameOffset, type, @class, ttl, dataLength, dataStart, data));
        return SkipReason.None;
    }
}
