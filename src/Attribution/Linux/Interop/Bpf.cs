using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace IpLookupSensor.Attribution.Linux.Interop;

/// <summary>
/// The bpf(2) commands the send trace uses, with union bpf_attr laid out as include/uapi/linux/bpf.h has it.
/// Every call returns a file descriptor or 0, or -1 with errno.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class Bpf
{
    public const int MapTypeLruHash = 9;
    public const int ProgramTypeRawTracepoint = 17;

    private const int CommandMapCreate = 0,
        CommandMapLookup = 1,
        CommandProgramLoad = 5,
        CommandRawTracepointOpen = 17;
    private const int AttributesSize = 128; // enough for every field set here; the kernel reads the rest as zero
    private const int FileDescriptorFlagsGet = 1,
        FileDescriptorFlagsSet = 2,
        CloseOnExec = 1;

    public static int CreateMap(int type, int keySize, int valueSize, int maxEntries, string name)
    {
        byte* attributes = stackalloc byte[AttributesSize];
        new Span<byte>(attributes, AttributesSize).Clear();
        *(int*)attributes = type;
        *(int*)(attributes + 4) = keySize;
        *(int*)(attributes + 8) = valueSize;
        *(int*)(attributes + 12) = maxEntries;
        WriteName(attributes + 28, name);
        return Call(CommandMapCreate, attributes);
    }

    /// <summary>Loads a program; when the verifier refuses it, <paramref name="log"/> says why.</summary>
    public static int LoadProgram(
        int type,
        ReadOnlySpan<byte> instructions,
        string license,
        string name,
        out string log
    )
    {
        byte* attributes = stackalloc byte[AttributesSize];
        new Span<byte>(attributes, AttributesSize).Clear();
        byte[] licenseText = Encoding.ASCII.GetBytes(license + '\0');
        byte[] logBuffer = new byte[64 * 1024];
        fixed (byte* code = instructions)
        fixed (byte* licensePointer = licenseText)
        fixed (byte* logPointer = logBuffer)
        {
            *(int*)attributes = type;
            *(int*)(attributes + 4) = instructions.Length / 8;
            *(ulong*)(attributes + 8) = (ulong)code;
            *(ulong*)(attributes + 16) = (ulong)licensePointer;
            *(int*)(attributes + 24) = 1; // log level: the verifier's reasons, on failure
            *(int*)(attributes + 28) = logBuffer.Length;
            *(ulong*)(attributes + 32) = (ulong)logPointer;
            WriteName(attributes + 48, name);
            int fd = Call(CommandProgramLoad, attributes);
            int error = Marshal.GetLastPInvokeError();
            int end = Array.IndexOf(logBuffer, (byte)0);
            log =
                fd >= 0
                    ? string.Empty
                    : Encoding.ASCII.GetString(logBuffer, 0, end < 0 ? logBuffer.Length : end).Trim();
            Marshal.SetLastPInvokeError(error);
            return fd;
        }
    }

    public static int AttachRawTracepoint(string tracepoint, int programFd)
    {
        byte* attributes = stackalloc byte[AttributesSize];
        new Span<byte>(attributes, AttributesSize).Clear();
        byte[] name = Encoding.ASCII.GetBytes(tracepoint + '\0');
        fixed (byte* namePointer = name)
        {
            *(ulong*)attributes = (ulong)namePointer;
            *(int*)(attributes + 8) = programFd;
            return Call(CommandRawTracepointOpen, attributes);
        }
    }

    /// <summary>
    /// True when the map holds <paramref name="key"/>; its value is then in <paramref name="value"/>.
    /// </summary>
    public static bool Lookup(int mapFd, ReadOnlySpan<byte> key, Span<byte> value)
    {
        byte* attributes = stackalloc byte[AttributesSize];
        new Span<byte>(attributes, AttributesSize).Clear();
        fixed (byte* keyPointer = key)
        fixed (byte* valuePointer = value)
        {
            *(int*)attributes = mapFd;
            *(ulong*)(attributes + 8) = (ulong)keyPointer;
            *(ulong*)(attributes + 16) = (ulong)valuePointer;
            return Call(CommandMapLookup, attributes) == 0;
        }
    }

    /// <summary>Whether <paramref name="fd"/> stays open across execve(2).</summary>
    public static bool KeepAcrossExec(int fd, bool keep)
    {
        int flags = FileControl(fd, FileDescriptorFlagsGet, 0);
        return flags >= 0
            && FileControl(fd, FileDescriptorFlagsSet, keep ? flags & ~CloseOnExec : flags | CloseOnExec) == 0;
    }

    public static void Close(int fd) => _ = CloseDescriptor(fd); // nothing to do about a failed close

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseDescriptor(int fd);

    private static int Call(int command, byte* attributes) =>
        (int)SystemCall(SystemCallNumber, command, attributes, AttributesSize);

    private static long SystemCallNumber =>
        RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 321,
            Architecture.Arm64 => 280,
            _ => throw new PlatformNotSupportedException("bpf(2) is wired for x64 and arm64 only"),
        };

    private static void WriteName(byte* destination, string name)
    {
        // BPF object names: at most 15 characters of [A-Za-z0-9_.], NUL-terminated.
        int length = Math.Min(name.Length, 15);
        for (int i = 0; i < length; i++)
        {
            destination[i] = (byte)name[i];
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SystemCall(long number, int command, byte* attributes, uint size);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FileControl(int fd, int command, int argument);
}
