using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// A decoded DNS message. One instance is reused for every packet a pipeline decodes, so decoding allocates
/// nothing: names and addresses are written as text into <see cref="_text"/> and referenced by range.
/// </summary>
internal sealed class DnsMessage
{
    /// <summary>More questions than this is not a message any resolver sends; it is skipped, not truncated.</summary>
    public const int MaxQuestions = 32;

    /// <summary>Answers beyond this are counted in <see cref="AnswerCountOnWire"/> but not kept.</summary>
    public const int MaxAnswers = 64;

    private readonly DnsQuestion[] _questions = new DnsQuestion[MaxQuestions];
    private readonly DnsRecord[] _answers = new DnsRecord[MaxAnswers];

    // Every kept name and address, in presentation form: room for each at its longest.
    private readonly char[] _text = new char[(MaxQuestions + (2 * MaxAnswers)) * DnsName.MaxPresentationLength];
    private int _textLength;

    public ushort Id { get; private set; }

    public ushort Flags { get; private set; }

    public int QuestionCount { get; private set; }

    public int AnswerCount { get; private set; }

    /// <summary>ANCOUNT as the header states it.</summary>
    public int AnswerCountOnWire { get; private set; }

    public bool HasOpt { get; private set; }

    public ushort OptUdpPayloadSize { get; private set; }

    public byte OptVersion { get; private set; }

    public byte OptExtendedRcode { get; private set; }

    public bool OptDnssecOk { get; private set; }

    /// <summary>Why the sections after the questions were not decoded completely; <see cref="SkipReason.None"/> when they were.</summary>
    public SkipReason Incomplete { get; private set; }

    public bool IsResponse => (Flags & 0x8000) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>The 12-bit RCODE: the header's four bits extended by the OPT record's upper eight (RFC 6891 §6.1.3).</summary>
    public int ResponseCode => (Flags & 0xF) | (OptExtendedRcode << 4);

    public ReadOnlySpan<DnsQuestion> Questions => _questions.AsSpan(0, QuestionCount);

    public ReadOnlySpan<DnsRecord> Answers => _answers.AsSpan(0, AnswerCount);

    public ReadOnlySpan<char> Text(TextRange range) => _text.AsSpan(range.Start, range.Length);

    internal void Reset(ushort id, ushort flags, int answerCountOnWire)
    {
        Id = id;
        Flags = flags;
        AnswerCountOnWire = answerCountOnWire;
        QuestionCount = 0;
        AnswerCount = 0;
        HasOpt = false;
        OptUdpPayloadSize = 0;
        OptVersion = 0;
        OptExtendedRcode = 0;
        OptDnssecOk = false;
        Incomplete = SkipReason.None;
        _textLength = 0;
    }

    internal Span<char> FreeText => _text.AsSpan(_textLength);

    internal TextRange CommitText(int length)
    {
        var range = new TextRange(_textLength, length);
        _textLength += length;
        return range;
    }

    internal void AddQuestion(DnsQuestion question) => _questions[QuestionCount++] = question;

    internal void AddAnswer(DnsRecord record) => _answers[AnswerCount++] = record;

    internal void SetOpt(ushort udpPayloadSize, uint extendedTtl)
    {
        HasOpt = true;
        OptUdpPayloadSize = udpPayloadSize;
        OptExtendedRcode = (byte)(extendedTtl >> 24);
        OptVersion = (byte)(extendedTtl >> 16);
        OptDnssecOk = (extendedTtl & 0x8000) != 0;
    }

    internal void MarkIncomplete(SkipReason reason)
    {
        if (Incomplete == SkipReason.None)
        {
            Incomplete = reason;
        }
    }
}
