using static IpLookupSensor.Attribution.Linux.Ebpf.BpfAssembler;

namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// The program the kernel runs at each socket send (tracepoint sock:sock_send_length, Linux 6.3 and later, in the
/// sender's own system call): for a UDP send that may be DNS (to port 53, or unconnected) and a TCP send to port 53,
/// it records who sent, keyed by network namespace, protocol and local port (<see cref="SentBy"/>). The process is
/// the thread group leader, as /proc shows it (dig sends from worker threads with names of their own).
/// </summary>
public static class SendTraceProgram
{
    public const string Tracepoint = "sock_send_length";
    public const int KeySize = 8; // u32 network namespace inode, u16 local port, u8 protocol, u8 zero

    // u32 tgid, tid, uid, gid; u64 sent (CLOCK_MONOTONIC ns), start_boottime (ns); char comm[16], exe[64]
    public const int ValueSize = 112;
    public const int ExecutableNameSize = 64;

    private const int AfInet = 2,
        AfInet6 = 10,
        Udp = 17,
        Tcp = 6;
    private const int DnsPortAsRead = 0x3500; // 53 in network order, as a little-endian load sees it

    // Stack slots below the frame pointer.
    private const short Key = -8,
        Value = -120,
        ValueTime = Value + 16,
        ValueStart = Value + 24,
        ValueComm = Value + 32,
        ValueExecutable = Value + 48,
        Ports = -128,
        Family = -124,
        Protocol = -122,
        Pointer = -136;

    public static byte[] Build(SendTraceLayout layout, int mapFd)
    {
        var code = new BpfAssembler();
        code.LoadDoubleWord(R7, R1, 0); // the socket, the tracepoint's first argument

        // dport, num (local port) and family are adjacent in struct sock_common (checked by the layout).
        code.ReadKernel(Ports, 6, R7, layout.SocketDestinationPort);
        code.ReadKernel(Protocol, 2, R7, layout.SocketProtocol);
        code.LoadHalfWord(R1, FramePointer, Family)
            .JumpIfEqual(R1, AfInet, "inet")
            .JumpIfNotEqual(R1, AfInet6, "skip")
            .Label("inet")
            .LoadHalfWord(R1, FramePointer, Protocol)
            .LoadHalfWord(R2, FramePointer, Ports)
            .JumpIfEqual(R1, Udp, "udp")
            .JumpIfNotEqual(R1, Tcp, "skip")
            .JumpIfNotEqual(R2, DnsPortAsRead, "skip")
            .Jump("record")
            .Label("udp")
            .JumpIfEqual(R2, 0, "record")
            .JumpIfNotEqual(R2, DnsPortAsRead, "skip")
            .Label("record");

        // The key: network namespace, local port, protocol.
        code.LoadHalfWord(R2, FramePointer, (short)(Ports + 2))
            .Store(2, FramePointer, Key + 4, R2)
            .Store(1, FramePointer, Key + 6, R1)
            .StoreByte(FramePointer, Key + 7, 0);
        code.ReadKernel(Pointer, 8, R7, layout.SocketNetwork);
        code.LoadDoubleWord(R8, FramePointer, Pointer);
        code.ReadKernel(Key, 4, R8, layout.NetworkNamespaceInode);

        // The same process sending from the same port again (a resolver, a long-lived client): only the time changes.
        code.LoadMap(R1, mapFd)
            .Move(R2, FramePointer)
            .AddImmediate(R2, Key)
            .CallHelper(BpfHelper.MapLookup)
            .JumpIfEqual(R0, 0, "new sender")
            .Move(R9, R0)
            .CallHelper(BpfHelper.GetCurrentPidTgid)
            .ShiftRight(R0, 32)
            .LoadWord(R1, R9, 0)
            .JumpIfNotEqualRegisters(R1, R0, "new sender")
            .CallHelper(BpfHelper.KtimeGetNs)
            .Store(8, R9, ValueTime - Value, R0)
            .Jump("skip")
            .Label("new sender");

        // The value: who sent, and when.
        code.CallHelper(BpfHelper.GetCurrentPidTgid)
            .Move(R1, R0)
            .ShiftRight(R1, 32)
            .Store(4, FramePointer, Value, R1)
            .Store(4, FramePointer, Value + 4, R0)
            .CallHelper(BpfHelper.GetCurrentUidGid)
            .Store(4, FramePointer, Value + 8, R0)
            .ShiftRight(R0, 32)
            .Store(4, FramePointer, Value + 12, R0)
            .CallHelper(BpfHelper.KtimeGetNs)
            .Store(8, FramePointer, ValueTime, R0)
            .CallHelper(BpfHelper.GetCurrentTask)
            .Move(R8, R0);
        code.ReadKernel(Pointer, 8, R8, layout.TaskGroupLeader);
        code.LoadDoubleWord(R8, FramePointer, Pointer);
        code.ReadKernel(ValueStart, 8, R8, layout.TaskStartBootTime);
        code.ReadKernel(ValueComm, 16, R8, layout.TaskComm);

        // The executable's file name (task->mm->exe_file->f_path.dentry->d_name.name), as process.name is elsewhere;
        // a kernel thread has no mm, and the name stays empty.
        foreach (
            int offset in (ReadOnlySpan<int>)
                [layout.TaskMemory, layout.MemoryExecutable, layout.FileDentry, layout.DentryName]
        )
        {
            code.ReadKernel(Pointer, 8, R8, offset);
            code.LoadDoubleWord(R8, FramePointer, Pointer);
        }

        code.Move(R1, FramePointer)
            .AddImmediate(R1, ValueExecutable)
            .MoveImmediate(R2, ExecutableNameSize)
            .Move(R3, R8)
            .CallHelper(BpfHelper.ProbeReadKernelString);

        code.LoadMap(R1, mapFd)
            .Move(R2, FramePointer)
            .AddImmediate(R2, Key)
            .Move(R3, FramePointer)
            .AddImmediate(R3, Value)
            .MoveImmediate(R4, 0) // BPF_ANY: create or replace
            .CallHelper(BpfHelper.MapUpdate)
            .Label("skip")
            .MoveImmediate(R0, 0)
            .Return();
        return code.ToArray();
    }
}
