using System.Buffers.Binary;

namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// Writes eBPF instructions (8 bytes each: opcode, dst and src registers, 16-bit offset, 32-bit immediate; the
/// kernel's Documentation/bpf/standardization/instruction-set.rst) with named jump targets, resolved by
/// <see cref="ToArray"/>. Only the few instructions the send trace uses.
/// </summary>
public sealed class BpfAssembler
{
    public const int R0 = 0,
        R1 = 1,
        R2 = 2,
        R3 = 3,
        R4 = 4,
        R6 = 6,
        R7 = 7,
        R8 = 8,
        R9 = 9,
        FramePointer = 10;

    private const byte Load64 = 0x79,
        Load16 = 0x69,
        Store64 = 0x7b,
        Store32 = 0x63,
        Store16 = 0x6b,
        Store8 = 0x73,
        StoreImmediate8 = 0x72,
        Move64 = 0xbf,
        MoveImmediate64 = 0xb7,
        AddImmediate64 = 0x07,
        ShiftRightImmediate64 = 0x77,
        Call = 0x85,
        Exit = 0x95,
        Jump64 = 0x05,
        JumpIfEqualImmediate = 0x15,
        JumpIfGreaterImmediate = 0x25,
        Subtract64 = 0x1f,
        JumpIfNotEqualImmediate = 0x55,
        JumpIfNotEqualRegister = 0x5d,
        LoadImmediate64 = 0x18,
        Load32 = 0x61;

    private const int PseudoMapFd = 1; // src register of a 64-bit immediate load: the immediate is a map's fd

    private readonly List<(byte Opcode, int Dst, int Src, short Offset, int Immediate, string? Target)> _instructions =
    [];
    private readonly Dictionary<string, int> _labels = [];

    public int Count => _instructions.Count;

    public BpfAssembler Label(string name)
    {
        _labels.Add(name, _instructions.Count);
        return this;
    }

    public BpfAssembler Move(int dst, int src) => Add(Move64, dst, src);

    public BpfAssembler MoveImmediate(int dst, int immediate) => Add(MoveImmediate64, dst, 0, immediate: immediate);

    public BpfAssembler AddImmediate(int dst, int immediate) => Add(AddImmediate64, dst, 0, immediate: immediate);

    public BpfAssembler Subtract(int dst, int src) => Add(Subtract64, dst, src);

    public BpfAssembler ShiftRight(int dst, int bits) => Add(ShiftRightImmediate64, dst, 0, immediate: bits);

    public BpfAssembler LoadDoubleWord(int dst, int src, short offset) => Add(Load64, dst, src, offset);

    public BpfAssembler LoadWord(int dst, int src, short offset) => Add(Load32, dst, src, offset);

    public BpfAssembler LoadHalfWord(int dst, int src, short offset) => Add(Load16, dst, src, offset);

    public BpfAssembler Store(int size, int dst, short offset, int src) =>
        Add(
            size switch
            {
                8 => Store64,
                4 => Store32,
                2 => Store16,
                1 => Store8,
                _ => throw new ArgumentOutOfRangeException(nameof(size)),
            },
            dst,
            src,
            offset
        );

    public BpfAssembler StoreByte(int dst, short offset, byte value) => Add(StoreImmediate8, dst, 0, offset, value);

    public BpfAssembler CallHelper(int helper) => Add(Call, 0, 0, immediate: helper);

    public BpfAssembler Return() => Add(Exit, 0, 0);

    public BpfAssembler Jump(string target) => Add(Jump64, 0, 0, target: target);

    public BpfAssembler JumpIfEqual(int register, int immediate, string target) =>
        Add(JumpIfEqualImmediate, register, 0, immediate: immediate, target: target);

    public BpfAssembler JumpIfNotEqual(int register, int immediate, string target) =>
        Add(JumpIfNotEqualImmediate, register, 0, immediate: immediate, target: target);

    /// <summary>Jumps when the register, read as unsigned, is greater than the immediate.</summary>
    public BpfAssembler JumpIfGreater(int register, int immediate, string target) =>
        Add(JumpIfGreaterImmediate, register, 0, immediate: immediate, target: target);

    public BpfAssembler JumpIfNotEqualRegisters(int register, int other, string target) =>
        Add(JumpIfNotEqualRegister, register, other, target: target);

    /// <summary>
    /// bpf_probe_read_kernel(stack slot, size, base + offset): a failed read leaves zeros, which match nothing.
    /// </summary>
    public BpfAssembler ReadKernel(short slot, int size, int baseRegister, int offset) =>
        Move(R1, FramePointer)
            .AddImmediate(R1, slot)
            .MoveImmediate(R2, size)
            .Move(R3, baseRegister)
            .AddImmediate(R3, offset)
            .CallHelper(BpfHelper.ProbeReadKernel);

    /// <summary>Loads a map's address, given its file descriptor (two instruction slots).</summary>
    public BpfAssembler LoadMap(int dst, int mapFd) =>
        Add(LoadImmediate64, dst, PseudoMapFd, immediate: mapFd).Add(0, 0, 0);

    public byte[] ToArray()
    {
        var code = new byte[_instructions.Count * 8];
        for (int i = 0; i < _instructions.Count; i++)
        {
            (byte opcode, int dst, int src, short offset, int immediate, string? target) = _instructions[i];
            if (target is not null)
            {
                offset = checked((short)(_labels[target] - i - 1)); // relative to the next instruction
            }

            Span<byte> slot = code.AsSpan(i * 8, 8);
            slot[0] = opcode;
            slot[1] = (byte)((src << 4) | dst);
            BinaryPrimitives.WriteInt16LittleEndian(slot[2..], offset);
            BinaryPrimitives.WriteInt32LittleEndian(slot[4..], immediate);
        }

        return code;
    }

    private BpfAssembler Add(byte opcode, int dst, int src, short offset = 0, int immediate = 0, string? target = null)
    {
        _instructions.Add((opcode, dst, src, offset, immediate, target));
        return this;
    }
}
