using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Pipeline;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;

namespace IpLookupSensor.Sensor.Tests.Dns;

public sealed class DnsMessageDecoderTests
{
    private readonly DnsMessage _message = new();

    [Fact]
    public void Decode_Query_ReadsHeaderAndQuestion()
    {
        Assert.Equal(SkipReason.None, DnsMessageDecoder.Decode(Query(0xBEEF, "ifconfig.me", 28), _message));
        Assert.Equal(0xBEEF, _message.Id);
        Assert.False(_message.IsResponse);
        DnsQuestion question = Assert.Single(_message.Questions.ToArray());
        Assert.Equal("ifconfig.me", _message.Text(question.Name).ToString());
        Assert.Equal(28, question.Type);
    }

    [Fact]
    public void Decode_ResponseWithOpt_CombinesExtendedRcode()
    {
        byte[] wire = Concat(
            Header(1, FlagResponse | 1, qd: 1, an: 1, ar: 1),
            Question(Name("a.example")),
            Record(Pointer(12), 1, 5, [192, 0, 2, 1]),
            Opt(4096, dnssecOk: false, extendedRcode: 2)
        );
        Assert.Equal(SkipReason.None, DnsMessageDecoder.Decode(wire, _message));
        Assert.Equal(1 | (2 << 4), _message.ResponseCode);
        Assert.Equal(4096, _message.OptUdpPayloadSize);
        Assert.Equal("192.0.2.1", _message.Text(_message.Answers[0].Data).ToString());
    }

    [Fact]
    public void Decode_CnameTargetLongerThanRdata_MarksIncomplete()
    {
        byte[] wire = Concat(
            Header(1, FlagResponse, qd: 1, an: 1),
            Question(Name("a.example")),
            Record(Pointer(12), 5, 5, [3, (byte)'c', (byte)'d', (byte)'n']),
            Name("example")
        ); // RDLENGTH 4, the name runs on
        Assert.Equal(SkipReason.None, DnsMessageDecoder.Decode(wire, _message));
        Assert.Equal(SkipReason.DnsTruncated, _message.Incomplete);
    }

    [Fact]
    public void Decode_EveryCutOfAResponse_NeverThrowsAndKeepsTheQuestionOnceComplete()
    {
        byte[] wire = Response(
            7,
            "www.example",
            1,
            Record(Pointer(12), 5, 60, [3, (byte)'c', (byte)'d', (byte)'n', .. Pointer(16)]),
            Record(Name("cdn.example"), 28, 60, new byte[16])
        );
        int questionEnd = 12 + Name("www.example").Length + 4;
        for (int length = 0; length <= wire.Length; length++)
        {
            SkipReason status = DnsMessageDecoder.Decode(wire.AsSpan(0, length), _message);
            Assert.Equal(length >= questionEnd ? SkipReason.None : SkipReason.DnsTruncated, status);
            if (length >= questionEnd && length < wire.Length)
            {
                Assert.Equal(SkipReason.DnsTruncated, _message.Incomplete);
            }
        }
    }

    [Fact]
    public void Decode_RecordsReadLater_ComeFromACopyOfTheMessage()
    {
        byte[] wire = Concat(
            Header(1, FlagResponse, qd: 1, an: 1, ar: 1),
            Question(Name("a.example")),
            Record(Pointer(12), 1, 5, [192, 0, 2, 1]),
            Opt(1232, dnssecOk: true, extendedRcode: 0)
        );
        Assert.Equal(SkipReason.None, DnsMessageDecoder.Decode(wire, _message));
        Assert.False(_message.HasReadRecords);

        Array.Clear(wire); // the capture buffer is reused for the next packet
        Assert.Equal("192.0.2.1", _message.Text(_message.Answers[0].Data).ToString());
        Assert.Equal("a.example", _message.Text(_message.Answers[0].Name).ToString());
        Assert.True(_message.OptDnssecOk);
        Assert.Equal(1232, _message.OptUdpPayloadSize);
        Assert.True(_message.HasReadRecords);
    }

    [Fact]
    public void Decode_UnreadRecordsOfTheLastMessage_DoNotLeakIntoTheNext()
    {
        byte[] response = Concat(
            Header(1, FlagResponse, qd: 1, an: 1, ar: 1),
            Question(Name("a.example")),
            Record(Pointer(12), 1, 5, [192, 0, 2, 1]),
            Opt(4096, dnssecOk: false, extendedRcode: 2)
        );
        DnsMessageDecoder.Decode(response, _message);
        DnsMessageDecoder.Decode(Query(2, "b.example", 1), _message);

        Assert.Equal(0, _message.AnswerCount);
        Assert.False(_message.HasOpt);
        Assert.Equal(0, _message.ResponseCode);
        Assert.Equal(SkipReason.None, _message.Incomplete);
    }
}
