using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace IpLookupSensor.Sensor.Service.Privileges;

/// <summary>
/// Once capture is open, CAP_NET_RAW is kept (a running .NET process cannot drop a capability from every thread)
/// but made useless: a seccomp filter, applied to every thread at once (SECCOMP_FILTER_FLAG_TSYNC), refuses with
/// EPERM any new packet socket (AF_PACKET, SOCK_PACKET) or raw socket (SOCK_RAW), and any system call of another
/// ABI (32-bit or x32 on x86-64), through which the filter could be sidestepped. Everything else is allowed.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe class RawSocketLock
{
    private const ushort Load = 0x20; // BPF_LD | BPF_W | BPF_ABS
    private const ushort JumpIfEqual = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JumpIfAtLeast = 0x35; // BPF_JMP | BPF_JGE | BPF_K
    private const ushort And = 0x54; // BPF_ALU | BPF_AND | BPF_K
    private const ushort Return = 0x06; // BPF_RET | BPF_K
    private const uint Allow = 0x7FFF_0000; // SECCOMP_RET_ALLOW
    private const uint Refuse = 0x0005_0000 | 1; // SECCOMP_RET_ERRNO | EPERM
    private const int PrSetNoNewPrivileges = 38;
    private const int SeccompSetModeFilter = 1;
    private const int SeccompFilterFlagThreadSync = 1;

    /// <summary>
    /// The filter for <paramref name="architecture"/> (struct sock_filter, 8 bytes each), or null where there is none.
    /// </summary>
    public static byte[]? Program(Architecture architecture)
    {
        (uint auditArch, uint socketCall, uint firstForeignCall) = architecture switch
        {
            Architecture.X64 => (0xC000_003Eu, 41u, 0x4000_0000u), // x32 calls carry bit 30
            Architecture.Arm64 => (0xC000_00B7u, 198u, uint.MaxValue),
            _ => (0u, 0u, 0u),
        };
        if (auditArch == 0)
        {
            return null;
        }

        (ushort Code, byte True, byte False, uint K)[] program =
        [
            (Load, 0, 0, 4), // seccomp_data.arch
            (JumpIfEqual, 1, 0, auditArch),
            (Return, 0, 0, Refuse),
            (Load, 0, 0, 0), // seccomp_data.nr
            (JumpIfAtLeast, 8, 0, firstForeignCall),
            (JumpIfEqual, 0, 6, socketCall),
            (Load, 0, 0, 16), // args[0], low half: the family
            (JumpIfEqual, 5, 0, 17), // AF_PACKET
            (Load, 0, 0, 24), // args[1], low half: the type, with SOCK_NONBLOCK and SOCK_CLOEXEC above the low 4 bits
            (And, 0, 0, 0xF),
            (JumpIfEqual, 2, 0, 3), // SOCK_RAW
            (JumpIfEqual, 1, 0, 10), // SOCK_PACKET
            (Return, 0, 0, Allow),
            (Return, 0, 0, Refuse),
        ];
        var bytes = new byte[program.Length * 8];
        for (int i = 0; i < program.Length; i++)
        {
            Span<byte> instruction = bytes.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(instruction, program[i].Code);
            (instruction[2], instruction[3]) = (program[i].True, program[i].False);
            BinaryPrimitives.WriteUInt32LittleEndian(instruction[4..], program[i].K);
        }

        return bytes;
    }

    /// <summary>Applies the filter to every thread; the reason when it could not (then nothing changed).</summary>
    public static string? Apply()
    {
        Architecture architecture = RuntimeInformation.ProcessArchitecture;
        if (Program(architecture) is not { } program)
        {
            return $"no filter for {architecture}";
        }

        // Without CAP_SYS_ADMIN a filter needs no_new_privs, which TSYNC then sets on every thread too.
        if (Interop.prctl(PrSetNoNewPrivileges, 1, 0, 0, 0) != 0)
        {
            return $"prctl(PR_SET_NO_NEW_PRIVS): {Marshal.GetLastPInvokeErrorMessage()}";
        }

        fixed (byte* filter = program)
        {
            var header = new SocketFilterProgram { Length = (ushort)(program.Length / 8), Filter = filter };
            long seccompCall = architecture == Architecture.X64 ? 317 : 277;
            long result = Interop.syscall(
                seccompCall,
                SeccompSetModeFilter,
                SeccompFilterFlagThreadSync,
                (nint)(&header)
            );
            return result == 0 ? null
                : result > 0 ? $"seccomp: thread {result} could not take the filter"
                : $"seccomp: {Marshal.GetLastPInvokeErrorMessage()}";
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SocketFilterProgram
    {
        public ushort Length;
        public byte* Filter;
    }
}
