using static IpLookupSensor.Attribution.Linux.Ebpf.BpfAssembler;

namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// The program the kernel runs at each successful exec (tracepoint sched:sched_process_exec): it records the path
/// of the program the process now runs (linux_binprm's interp: the binary, or a script's interpreter, as /proc/PID/exe
/// would show it, before symbolic links are resolved), the start of its command line (what /proc/PID/cmdline
/// shows, read from the new process's own memory, where exec has just put it) and the process's start, keyed by
/// the process id. A client that has exited by the time its lookup is read still has its executable and arguments.
/// </summary>
public static class ExecTraceProgram
{
    public const string Tracepoint = "sched_process_exec";
    public const int KeySize = 4; // u32 tgid
    public const int PathSize = 200;
    public const int ArgumentsSize = 200;

    /// <summary>
    /// u64 start_boottime (ns), char path[200], u64 length of the command line read, char arguments[200]: within the
    /// 512-byte stack.
    /// </summary>
    public const int ValueSize = 8 + PathSize + 8 + ArgumentsSize;

    // Stack slots below the frame pointer.
    private const short Key = -4,
        Value = -8 - ValueSize,
        ValuePath = Value + 8,
        ValueArgumentsLength = ValuePath + PathSize,
        ValueArguments = ValueArgumentsLength + 8,
        Pointer = Value - 8,
        Memory = Pointer - 8,
        ArgumentsEnd = Memory - 8;

    public static byte[] Build(SendTraceLayout layout, int mapFd)
    {
        var code = new BpfAssembler();
        code.LoadDoubleWord(R6, R1, 16) // struct linux_binprm *, the tracepoint's third argument
            .CallHelper(BpfHelper.GetCurrentPidTgid)
            .ShiftRight(R0, 32)
            .Store(4, FramePointer, Key, R0)
            .CallHelper(BpfHelper.GetCurrentTask)
            .Move(R8, R0);
        code.ReadKernel(Memory, 8, R8, layout.TaskMemory); // this task's new mm, before R8 moves to the leader
        code.ReadKernel(Pointer, 8, R8, layout.TaskGroupLeader);
        code.LoadDoubleWord(R8, FramePointer, Pointer);
        code.ReadKernel(Value, 8, R8, layout.TaskStartBootTime);
        code.ReadKernel(Pointer, 8, R6, layout.BinaryInterpreter);
        code.LoadDoubleWord(R3, FramePointer, Pointer)
            .Move(R1, FramePointer)
            .AddImmediate(R1, ValuePath)
            .MoveImmediate(R2, PathSize)
            .CallHelper(BpfHelper.ProbeReadKernelString);

        // The command line: arg_start to arg_end of the new mm, at most ArgumentsSize bytes of it.
        code.LoadDoubleWord(R8, FramePointer, Memory);
        code.ReadKernel(Pointer, 8, R8, layout.MemoryArgumentsStart);
        code.ReadKernel(ArgumentsEnd, 8, R8, layout.MemoryArgumentsEnd);
        code.LoadDoubleWord(R3, FramePointer, Pointer)
            .LoadDoubleWord(R2, FramePointer, ArgumentsEnd)
            .Subtract(R2, R3)
            .JumpIfGreater(R2, ArgumentsSize, "cut")
            .Jump("read")
            .Label("cut")
            .MoveImmediate(R2, ArgumentsSize)
            .Label("read")
            .Store(8, FramePointer, ValueArgumentsLength, R2)
            .Move(R1, FramePointer)
            .AddImmediate(R1, ValueArguments)
            .CallHelper(BpfHelper.ProbeReadUser)
            .JumpIfEqual(R0, 0, "store")
            .MoveImmediate(R1, 0) // unreadable: no arguments
            .Store(8, FramePointer, ValueArgumentsLength, R1)
            .Label("store")
            .LoadMap(R1, mapFd)
            .Move(R2, FramePointer)
            .AddImmediate(R2, Key)
            .Move(R3, FramePointer)
            .AddImmediate(R3, Value)
            .MoveImmediate(R4, 0)
            .CallHelper(BpfHelper.MapUpdate)
            .MoveImmediate(R0, 0)
            .Return();
        return code.ToArray();
    }
}
