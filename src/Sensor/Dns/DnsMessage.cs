using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Dns;

/// <summary>
/// A decoded DNS message. One instance is reused for every packet a pipeline decodes, so decoding allocates
/// nothing: names and addresses are written as text into <see cref="_text"/> and referenced by range.
/// The header and the questions are checked at once; the records after them are decoded when first read, and
/// names and addresses are rendered as text when first read, from the packet the pipeline lends while its events
/// are handled (or from a copy): most messages are only asked whether they are a query, some for their question
/// name, few for more (bench/README.md has what each step saved).
/// </summary>
internal sealed unsafe class DnsMessage
{
    /// <summary>More questions than this is not a message any resolver sends; it is skipped, not truncated.</summary>
    public const int MaxQuestions = 32;

    /// <summary>Answers beyond this are counted in <see cref="AnswerCountOnWire"/> but not kept.</summary>
    public const int MaxAnswers = 64;

    private readonly DnsQuestion[] _questions = new DnsQuestion[MaxQuestions];
    private readonly int[] _questionNameOffsets = new int[MaxQuestions];
    private readonly DnsRecord[] _answers = new DnsRecord[MaxAnswers];
    private readonly AnswerOnWire[] _answersOnWire = new AnswerOnWire[MaxAnswers];

    // Every kept name and address, in presentation form: room for each at its longest.
    private readonly char[] _text = new char[(MaxQuestions + (2 * MaxAnswers)) * DnsName.MaxPresentationLength];
    private int _textLength;

    private byte[] _wire = new byte[512]; // grows to the largest message seen, at most 64 KiB
    private int _wireLength;
    private byte* _lent; // the caller's pinned message, instead of a copy, between Lend and EndLoan
    private bool _lending;
    private bool _loanEnded;
    private int _recordsStart;
    private int _authorityCount;
    private int _additionalCount;
    private bool _recordsRead;
    private bool _questionsRendered;
    private bool _answersRendered;

    private int _answerCount;
    private bool _hasOpt;
    private ushort _optUdpPayloadSize;
    private byte _optVersion;
    private byte _optExtendedRcode;
    private bool _optDnssecOk;
    private SkipReason _incomplete;

    public ushort Id { get; private set; }

    public ushort Flags { get; private set; }

    public int QuestionCount { get; private set; }

    public int AnswerCount => RecordsRead()._answerCount;

    /// <summary>ANCOUNT as the header states it.</summary>
    public int AnswerCountOnWire { get; private set; }

    public bool HasOpt => RecordsRead()._hasOpt;

    public ushort OptUdpPayloadSize => RecordsRead()._optUdpPayloadSize;

    public byte OptVersion => RecordsRead()._optVersion;

    public byte OptExtendedRcode => RecordsRead()._optExtendedRcode;

    public bool OptDnssecOk => RecordsRead()._optDnssecOk;

    /// <summary>
    /// Why the sections after the questions were not decoded completely; <see cref="SkipReason.None"/> when they were.
    /// </summary>
    public SkipReason Incomplete => RecordsRead()._incomplete;

    /// <summary>
    /// Whether anything has read the records after the questions (and so <see cref="Incomplete"/> is known without
    /// work).
    /// </summary>
    public bool HasReadRecords => _recordsRead;

    public bool IsResponse => (Flags & 0x8000) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>
    /// The 12-bit RCODE: the header's four bits extended by the OPT record's upper eight (RFC 6891 §6.1.3).
    /// </summary>
    public int ResponseCode => (Flags & 0xF) | (OptExtendedRcode << 4);

    public ReadOnlySpan<DnsQuestion> Questions
    {
        get
        {
            if (!_questionsRendered)
            {
                RenderQuestions();
            }

            return _questions.AsSpan(0, QuestionCount);
        }
    }

    public ReadOnlySpan<DnsRecord> Answers
    {
        get
        {
            if (!RecordsRead()._answersRendered)
            {
                RenderAnswers();
            }

            return _answers.AsSpan(0, _answerCount);
        }
    }

    public ReadOnlySpan<char> Text(TextRange range) => _text.AsSpan(range.Start, range.Length);

    internal void Reset(ushort id, ushort flags, int answerCountOnWire)
    {
        Id = id;
        Flags = flags;
        AnswerCountOnWire = answerCountOnWire;
        QuestionCount = 0;
        _answerCount = 0;
        _hasOpt = false;
        _optUdpPayloadSize = 0;
        _optVersion = 0;
        _optExtendedRcode = 0;
        _optDnssecOk = false;
        _incomplete = SkipReason.None;
        _textLength = 0;
        _recordsRead = true; // until Keep says there are records
        _questionsRendered = false;
        _answersRendered = false;
        _loanEnded = false;
    }

    internal Span<char> FreeText => _text.AsSpan(_textLength);

    internal TextRange CommitText(int length)
    {
        var range = new TextRange(_textLength, length);
        _textLength += length;
        return range;
    }

    /// <summary>A checked question whose name, at <paramref name="nameOffset"/>, is rendered when first read.</summary>
    internal void AddQuestion(int nameOffset, ushort type, ushort @class)
    {
        _questionNameOffsets[QuestionCount] = nameOffset;
        _questions[QuestionCount++] = new DnsQuestion(default, type, @class);
    }

    /// <summary>
    /// Keeps a copy of the message to render names and read records from when something asks for them.
    /// </summary>
    internal void Keep(ReadOnlySpan<byte> wire, int recordsStart, int authorityCount, int additionalCount)
    {
        if (wire.Length > _wire.Length)
        {
            _wire = new byte[Math.Max(wire.Length, _wire.Length * 2)];
        }

        if (!_lending)
        {
            wire.CopyTo(_wire);
        }

        (_wireLength, _recordsStart, _authorityCount, _additionalCount) = (
            wire.Length,
            recordsStart,
            authorityCount,
            additionalCount
        );
        _recordsRead = AnswerCountOnWire + authorityCount + additionalCount == 0;
    }

    /// <summary>
    /// The next message decoded is read in place at <paramref name="pinned"/> instead of being copied, until
    /// <see cref="EndLoan"/>: the pipeline holds a packet pinned while its events are handled, and nothing reads a
    /// message after that (a copy of every message was 2% of a replay).
    /// </summary>
    internal void Lend(byte* pinned)
    {
        _lent = pinned;
        _lending = true;
        _loanEnded = false;
    }

    /// <summary>After this, reading what was not read yet is a programming error: the packet is gone.</summary>
    internal void EndLoan()
    {
        _loanEnded = _lending;
        _lent = null;
        _lending = false;
    }

    internal void AddAnswer(AnswerOnWire answer) => _answersOnWire[_answerCount++] = answer;

    internal int KeptAnswers => _answerCount;

    internal bool OptSeen => _hasOpt;

    internal void SetOpt(ushort udpPayloadSize, uint extendedTtl)
    {
        _hasOpt = true;
        _optUdpPayloadSize = udpPayloadSize;
        _optExtendedRcode = (byte)(extendedTtl >> 24);
        _optVersion = (byte)(extendedTtl >> 16);
        _optDnssecOk = (extendedTtl & 0x8000) != 0;
    }

    internal void MarkIncomplete(SkipReason reason)
    {
        if (_incomplete == SkipReason.None)
        {
            _incomplete = reason;
        }
    }

    private ReadOnlySpan<byte> Wire =>
        _lending ? new ReadOnlySpan<byte>(_lent, _wireLength)
        : _loanEnded ? throw new InvalidOperationException("a lent message was read after its packet was released")
        : _wire.AsSpan(0, _wireLength);

    private DnsMessage RecordsRead()
    {
        if (!_recordsRead)
        {
            _recordsRead = true;
            DnsMessageDecoder.ReadRecords(
                Wire,
                _recordsStart,
                AnswerCountOnWire,
                _authorityCount,
                _additionalCount,
                this
            );
        }

        return this;
    }

    private void RenderQuestions()
    {
        _questionsRendered = true;
        for (int i = 0; i < QuestionCount; i++)
        {
            _questions[i] = _questions[i] with { Name = RenderName(_questionNameOffsets[i]) };
        }
    }

    private void RenderAnswers()
    {
        _answersRendered = true;
        for (int i = 0; i < _answerCount; i++)
        {
            AnswerOnWire answer = _answersOnWire[i];
            TextRange name = RenderName(answer.NameOffset);
            TextRange data = answer.Data switch
            {
                AnswerData.Address => CommitText(
                    IpAddressText.Format(Wire.Slice(answer.DataOffset, answer.DataLength), FreeText)
                ),
                AnswerData.Name => RenderName(answer.DataOffset),
                _ => default,
            };
            _answers[i] = new DnsRecord(
                name,
                answer.Type,
                answer.Class,
                answer.Ttl,
                answer.DataLength,
                data,
                answer.Data == AnswerData.Address
            );
        }
    }

    // The decoder checked every name it kept an offset of, so rendering cannot fail here.
    private TextRange RenderName(int offset)
    {
        DnsName.TryRead(Wire, offset, FreeText, out _, out int length);
        return CommitText(length);
    }
}
