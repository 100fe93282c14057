using System.Runtime.InteropServices;
using IpLookupSensor.Sensor.Service.Privileges;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Service;

/// <summary>
/// The raw-socket lock's filter on this machine's kernel: a python process (as root, so every socket would be
/// allowed without it) loads the very program the sensor loads, then tries each kind of socket.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RawSocketLockTests : IDisposable
{
    private readonly string _program = Path.GetTempFileName();

    public void Dispose() => File.Delete(_program);

    // Loads the filter the way the sensor does (no_new_privs, then seccomp with TSYNC), then opens each socket.
    private const string TrySockets = """
        import ctypes, socket, sys
        program = open(sys.argv[1], "rb").read()
        libc = ctypes.CDLL(None, use_errno=True)
        buffer = ctypes.create_string_buffer(program, len(program))
        class Fprog(ctypes.Structure): _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
        header = Fprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
        assert libc.prctl(38, 1, 0, 0, 0) == 0
        assert libc.syscall(int(sys.argv[2]), 1, 1, ctypes.byref(header)) == 0, ctypes.get_errno()
        attempts = [(socket.AF_PACKET, socket.SOCK_RAW, 0), (socket.AF_PACKET, socket.SOCK_DGRAM, 0),
                    (socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP), (socket.AF_INET6, socket.SOCK_RAW | socket.SOCK_CLOEXEC, socket.IPPROTO_ICMPV6),
                    (socket.AF_INET, socket.SOCK_DGRAM, 0), (socket.AF_INET6, socket.SOCK_STREAM, 0), (socket.AF_UNIX, socket.SOCK_STREAM, 0)]
        results = []
        for family, kind, protocol in attempts:
            try:
                socket.socket(family, kind, protocol).close(); results.append("ok")
            except PermissionError:
                results.append("EPERM")
        print(" ".join(results))
        """;

    [Fact]
    public void TheFilter_RefusesPacketAndRawSockets_AndAllowsTheRest()
    {
        // CI's; the syscall number below is x86-64's
        Assert.Equal(Architecture.X64, RuntimeInformation.ProcessArchitecture);
        File.WriteAllBytes(_program, RawSocketLock.Program(Architecture.X64)!);

        ExternalTool.Output run = ExternalTool.Run("/usr/bin/python3", ["-c", TrySockets, _program, "317"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("EPERM EPERM EPERM EPERM ok ok ok", run.Stdout.Trim());
    }

    [Fact]
    public void WithoutTheFilter_RootMayOpenThemAll()
    {
        ExternalTool.Output run = ExternalTool.Run(
            "/usr/bin/python3",
            [
                "-c",
                TrySockets.Replace("assert libc.syscall", "0 and libc.syscall", StringComparison.Ordinal),
                _program,
                "317",
            ]
        );
        Assert.Equal("ok ok ok ok ok ok ok", run.Stdout.Trim());
    }
}
