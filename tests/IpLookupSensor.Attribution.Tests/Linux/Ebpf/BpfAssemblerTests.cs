using IpLookupSensor.Attribution.Linux.Ebpf;
using static IpLookupSensor.Attribution.Linux.Ebpf.BpfAssembler;

namespace IpLookupSensor.Attribution.Tests.Linux.Ebpf;

public sealed class BpfAssemblerTests
{
    [Fact]
    public void ToArray_EncodesOpcodeRegistersOffsetAndImmediateLittleEndian()
    {
        byte[] code = new BpfAssembler()
            .LoadHalfWord(R2, FramePointer, -62)
            .MoveImmediate(R0, 0x01020304)
            .Return()
            .ToArray();

        Assert.Equal(Convert.FromHexString("69A2C2FF00000000" + "B700000004030201" + "9500000000000000"), code);
    }

    [Fact]
    public void ToArray_JumpsCountFromTheNextInstruction_ForwardAndBack()
    {
        byte[] code = new BpfAssembler()
            .Label("top")
            .JumpIfEqual(R1, 17, "end") // 0: to 3, offset +2
            .Jump("top") // 1: to 0, offset -2
            .MoveImmediate(R0, 1) // 2
            .Label("end")
            .Return() // 3
            .ToArray();

        Assert.Equal((short)2, BitConverter.ToInt16(code, 2));
        Assert.Equal(17, BitConverter.ToInt32(code, 4));
        Assert.Equal((short)-2, BitConverter.ToInt16(code, 8 + 2));
    }

    [Fact]
    public void LoadMap_TakesTwoSlotsWithThePseudoMapFdSource()
    {
        var assembler = new BpfAssembler().LoadMap(R1, 42);

        Assert.Equal(2, assembler.Count);
        Assert.Equal(Convert.FromHexString("18110000" + "2A000000" + "0000000000000000"), assembler.ToArray());
    }

    [Fact]
    public void TracePrograms_EndWithReturnAndLoadTheirMap()
    {
        var layout = new SendTraceLayout(12, 532, 48, 176, 1328, 1560, 1752, 1136, 1320, 72, 40, 104, 488, 496);
        foreach (
            byte[] code in new[] { SendTraceProgram.Build(layout, mapFd: 5), ExecTraceProgram.Build(layout, mapFd: 5) }
        )
        {
            Assert.Equal(0, code.Length % 8);
            Assert.Equal(0x95, code[^8]);
            // the map
            Assert.Contains(Enumerable.Range(0, code.Length / 8), i => code[i * 8] == 0x18 && code[(i * 8) + 4] == 5);
        }
    }
}
