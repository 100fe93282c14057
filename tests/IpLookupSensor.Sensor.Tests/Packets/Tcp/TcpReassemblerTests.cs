using IpLookupSensor.Sensor.Packets;
using IpLookupSensor.Sensor.Packets.Tcp;
using IpLookupSensor.Sensor.Pipeline;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;

namespace IpLookupSensor.Sensor.Tests.Packets.Tcp;

public sealed class TcpReassemblerTests
{
    private readonly Recorder _recorder = new();

    [Fact]
    public void Process_MessageOneByteAtATime_IsDeliveredOnceWhole()
    {
        var reassembler = new TcpReassembler(new TcpReassemblyOptions());
        byte[] stream = TcpFramed(Query(1, "byte.by.byte.example"));
        for (int i = 0; i < stream.Length; i++)
        {
            Feed(reassembler, port: 1, sequence: (uint)(100 + i), stream[i..(i + 1)]);
        }

        Assert.Single(_recorder.Messages);
        Assert.Equal(stream[2..], _recorder.Messages[0]);
        Assert.Equal(0, reassembler.BufferedBytes);
    }

    [Fact]
    public void Process_SequenceWrapsAround_StillReassembles()
    {
        var reassembler = new TcpReassembler(new TcpReassemblyOptions());
        byte[] stream = TcpFramed(Query(1, "wrap.example"));
        Feed(reassembler, 1, uint.MaxValue - 3, stream[..6]);
        Feed(reassembler, 1, 2, stream[6..]);
        Assert.Single(_recorder.Messages);
    }

    [Fact]
    public void Process_ManyFlowsWithPartialMessages_StaysWithinFlowAndMemoryBounds()
    {
        var options = new TcpReassemblyOptions { MaxFlows = 1_000, MaxTotalBytes = 64 * 1024 };
        var reassembler = new TcpReassembler(options);
        byte[] partial = TcpFramed(Query(1, "partial.example"))[..20];
        for (int flow = 0; flow < 20_000; flow++)
        {
            Feed(reassembler, (ushort)(flow % 60_000), 1, partial, client: flow / 60_000);
            Assert.True(reassembler.FlowCount <= options.MaxFlows);
            Assert.True(reassembler.BufferedBytes <= options.MaxTotalBytes);
        }

        Assert.True(_recorder.Skipped[SkipReason.TcpFlowEvicted] > 0);
    }

    [Fact]
    public void Process_DeclaredLengthBeyondWhatArrives_IsBoundedPerFlow()
    {
        var options = new TcpReassemblyOptions { MaxBytesPerFlow = 4_096 };
        var reassembler = new TcpReassembler(options);
        byte[] chunk = new byte[1_000];
        chunk[0] = 0xFF; // a 65,535-byte message that never ends
        chunk[1] = 0xFF;
        for (uint i = 0; i < 10; i++)
        {
            Feed(reassembler, 1, 1 + (i * 1_000), chunk);
            Assert.True(reassembler.BufferedBytes <= options.MaxBytesPerFlow);
        }

        Assert.Equal(1, _recorder.Skipped[SkipReason.TcpFlowTooLarge]);
    }

    [Fact]
    public void Process_IdleFlow_IsDroppedAfterTheTimeout()
    {
        var reassembler = new TcpReassembler(new TcpReassemblyOptions { IdleTimeout = TimeSpan.FromSeconds(30) });
        Feed(reassembler, 1, 1, TcpFramed(Query(1, "idle.example"))[..10], timestamp: 0);
        Feed(reassembler, 2, 1, TcpFramed(Query(2, "later.example")), timestamp: 31_000_000_000);
        Assert.Equal(1, reassembler.FlowCount);
        Assert.Equal(1, _recorder.Skipped[SkipReason.TcpStreamIncomplete]);
    }

    private void Feed(
        TcpReassembler reassembler,
        ushort port,
        uint sequence,
        byte[] payload,
        long timestamp = 0,
        int client = 0
    )
    {
        var segment = new TransportSegment
        {
            Source = IpAddressValue.From([10, 0, (byte)client, 1]),
            Destination = IpAddressValue.From([10, 0, 0, 53]),
            SourcePort = port,
            DestinationPort = 53,
            Transport = Transport.Tcp,
            TcpSequence = sequence,
            TcpFlags = TcpFlags.Ack | TcpFlags.Psh,
            Payload = payload,
        };
        reassembler.Process(ref segment, timestamp, interfaceId: 0, _recorder);
    }

    private sealed class Recorder : ITcpMessageHandler
    {
        public List<byte[]> Messages { get; } = [];

        public Dictionary<SkipReason, int> Skipped { get; } = Enum.GetValues<SkipReason>().ToDictionary(r => r, _ => 0);

        public void OnTcpMessage(ReadOnlySpan<byte> message) => Messages.Add(message.ToArray());

        public void OnSkipped(SkipReason reason) => Skipped[reason]++;
    }
}
