using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;
using IpLookupSensor.Sensor.Tests.Support;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;

namespace IpLookupSensor.Sensor.Tests.Pipeline;

/// <summary>
/// The pipeline lends each packet to the message instead of copying it: everything is readable while the event is
/// handled, and a consumer that kept the event past its call gets a loud error, never another packet's bytes.
/// </summary>
public sealed class LentMessageTests
{
    private static readonly byte[] Frame = Frames.Udp(
        "10.0.0.53",
        "10.0.0.7",
        53,
        40000,
        Concat(
            Header(1, FlagResponse, qd: 1, an: 1),
            Question(Name("a.example")),
            Record(Pointer(12), 1, 60, [192, 0, 2, 1])
        )
    );

    [Fact]
    public void DuringTheEvent_TheQuestionAndAnswersAreThere()
    {
        var sink = new Sink(readAnswers: true);
        Replay(sink);
        Assert.Equal(("a.example", "192.0.2.1"), sink.Seen);
    }

    [Fact]
    public void AfterTheEvent_ReadingWhatWasNotReadThrows()
    {
        var sink = new Sink(readAnswers: false);
        Replay(sink);
        DnsEvent kept = Assert.IsType<DnsEvent>(sink.Kept);
        Assert.Throws<InvalidOperationException>(() => kept.Message.Answers.Length);
    }

    private static void Replay(Sink sink) =>
        new DnsPipeline(sink, new TcpReassemblyOptions()).OnPacket(
            new PacketRecord(Frame, 0, (int)LinkType.Raw, TimestampPrecision.Microseconds)
        );

    private sealed class Sink(bool readAnswers) : IDnsEventSink
    {
        public (string Question, string? Address) Seen { get; private set; }

        public DnsEvent? Kept { get; private set; }

        public void OnEvent(DnsEvent dnsEvent)
        {
            Seen = (
                dnsEvent.QuestionName.ToString(),
                readAnswers ? dnsEvent.Message.Text(dnsEvent.Message.Answers[0].Data).ToString() : null
            );
            Kept = dnsEvent;
        }
    }
}
