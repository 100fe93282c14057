using System.Buffers.Binary;
using System.Text;
using IpLookupSensor.Attribution.Linux.Ebpf;

namespace IpLookupSensor.Attribution.Tests.Linux.Ebpf;

public sealed class ExecutedTests
{
    [Fact]
    public void Parse_ReadsThePathAndTheArguments()
    {
        Executed? executed = Executed.Parse(
            Value(5_000_000_000, "/usr/bin/dig", "dig\0+short\0api.ipify.org\0"),
            startTicks: 500
        );

        Assert.Equal("/usr/bin/dig", executed?.Path);
        Assert.Equal(["dig", "+short", "api.ipify.org"], executed?.Args);
    }

    [Fact]
    public void Parse_AnotherProcessWithThePid_IsNull() =>
        Assert.Null(Executed.Parse(Value(5_000_000_000, "/usr/bin/dig", "dig\0"), startTicks: 501));

    [Fact]
    public void Parse_ARelativeOrCutPath_IsNoPath()
    {
        Assert.Null(Executed.Parse(Value(0, "./tool", "./tool\0"), 0)?.Path);
        Assert.Null(Executed.Parse(Value(0, "/" + new string('a', ExecTraceProgram.PathSize - 1), "x\0"), 0)?.Path);
    }

    [Fact]
    public void Parse_ACommandLineLongerThanTheRecord_EndsItsLastArgumentWithAnEllipsis()
    {
        string longArgument = new('x', ExecTraceProgram.ArgumentsSize);
        Executed? executed = Executed.Parse(Value(0, "/usr/bin/curl", "curl\0" + longArgument), 0);

        Assert.Equal(2, executed?.Args.Count);
        Assert.Equal(new string('x', ExecTraceProgram.ArgumentsSize - 5) + "…", executed?.Args[1]);
    }

    private static byte[] Value(ulong startBootTime, string path, string arguments)
    {
        var value = new byte[ExecTraceProgram.ValueSize];
        BinaryPrimitives.WriteUInt64LittleEndian(value, startBootTime);
        byte[] pathBytes = Encoding.UTF8.GetBytes(path);
        pathBytes.AsSpan(0, Math.Min(pathBytes.Length, ExecTraceProgram.PathSize)).CopyTo(value.AsSpan(8));
        byte[] argumentBytes = Encoding.UTF8.GetBytes(arguments);
        int length = Math.Min(argumentBytes.Length, ExecTraceProgram.ArgumentsSize);
        BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(8 + ExecTraceProgram.PathSize), (ulong)length);
        argumentBytes.AsSpan(0, length).CopyTo(value.AsSpan(8 + ExecTraceProgram.PathSize + 8));
        return value;
    }
}
