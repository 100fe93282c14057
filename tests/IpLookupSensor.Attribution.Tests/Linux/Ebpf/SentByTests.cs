using System.Buffers.Binary;
using System.Text;
using IpLookupSensor.Attribution.Linux.Ebpf;

namespace IpLookupSensor.Attribution.Tests.Linux.Ebpf;

public sealed class SentByTests
{
    [Fact]
    public void Parse_ReadsTheValueTheProgramWrites()
    {
        byte[] value = Value(
            tgid: 4242,
            tid: 4250,
            uid: 1000,
            sent: 123_456_789,
            startBootTime: 5_000_000_000,
            command: "isc-net-0000",
            executable: "dig"
        );

        SentBy sent = SentBy.Parse(value);

        Assert.Equal(
            (4242, 1000u, 123_456_789L, 500UL, "dig", "isc-net-0000"),
            (sent.Pid, sent.Uid, sent.SentMonotonicNanoseconds, sent.StartTicks, sent.ExecutableName, sent.Command)
        );
        Assert.Equal("dig", sent.Name);
    }

    [Fact]
    public void Name_WithoutAnExecutable_IsTheCommandName()
    {
        Assert.Equal("kworker/0:1", SentBy.Parse(Value(1, 1, 0, 0, 0, "kworker/0:1", string.Empty)).Name);
    }

    [Fact]
    public void Parse_NamesFillingTheirFieldWithoutNul_AreReadWhole()
    {
        SentBy sent = SentBy.Parse(
            Value(1, 1, 0, 0, 0, new string('c', 16), new string('e', SendTraceProgram.ExecutableNameSize))
        );

        Assert.Equal((16, SendTraceProgram.ExecutableNameSize), (sent.Command.Length, sent.ExecutableName.Length));
    }

    internal static byte[] Value(
        int tgid,
        int tid,
        uint uid,
        long sent,
        ulong startBootTime,
        string command,
        string executable
    )
    {
        var value = new byte[SendTraceProgram.ValueSize];
        BinaryPrimitives.WriteInt32LittleEndian(value, tgid);
        BinaryPrimitives.WriteInt32LittleEndian(value.AsSpan(4), tid);
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(8), uid);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(16), sent);
        BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(24), startBootTime);
        Encoding.ASCII.GetBytes(command).CopyTo(value, 32);
        Encoding.ASCII.GetBytes(executable).CopyTo(value, 48);
        return value;
    }
}
