using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Linux.Ebpf;
using IpLookupSensor.Attribution.Tests.Support;

namespace IpLookupSensor.Attribution.Tests.Linux.Ebpf;

/// <summary>
/// What the kernel recorded at a send, completed from /proc while that process still runs that program.
/// </summary>
public sealed class DescribeSenderTests
{
    private readonly InMemoryProcFileSystem _proc = new();
    private readonly ProcessInfoReader _reader;

    public DescribeSenderTests()
    {
        _proc.Files["/etc/passwd"] = "root:x:0:0::/root:/bin/bash\nnobody:x:65534:65534::/:/usr/sbin/nologin\n";
        _proc.Files["/proc/stat"] = "cpu 1 2 3\nbtime 1767225600\n";
        _proc.Files["/proc/sys/kernel/random/boot_id"] = "11111111-2222-3333-4444-555555555555\n";
        _reader = new ProcessInfoReader(_proc);
    }

    [Fact]
    public void Describe_StillRunning_IsReadFromProcWithTheSendersUser()
    {
        _proc.AddProcess(4242, "/usr/bin/dig", "dig", 5000);

        ProcessIdentityInfo process = _reader.Describe(Sender(4242, 5000, "dig"), lastKnown: null);

        Assert.Equal(
            (4242, "dig", "/usr/bin/dig", "65534", "nobody"),
            (process.Pid, process.Name, process.Executable, process.UserId, process.UserName)
        );
        Assert.Equal(["/usr/bin/dig", "--flag", "value"], process.Args);
        Assert.Equal(_reader.ReadProcess(4242)!.EntityId, process.EntityId);
    }

    [Fact]
    public void Describe_Exited_IsWhatTheKernelRecorded()
    {
        ProcessIdentityInfo process = _reader.Describe(Sender(4242, 5000, "python3.11"), lastKnown: null);

        Assert.Equal(
            (4242, "python3.11", null, "65534", "nobody"),
            (process.Pid, process.Name, process.Executable, process.UserId, process.UserName)
        );
        Assert.Empty(process.Args);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600 + 50), process.Start);

        _proc.AddProcess(4242, "/usr/bin/python3.11", "python3", 5000);
        // the same process as /proc would have named it
        Assert.Equal(_reader.ReadProcess(4242)!.EntityId, process.EntityId);
    }

    [Fact]
    public void Describe_Exited_WhatItExecutedGivesItsExecutableAndArguments()
    {
        _proc.Links["/usr/bin/python3"] = "python3.11"; // as Debian installs it

        ProcessIdentityInfo python = _reader.Describe(
            Sender(4242, 5000, "python3.11"),
            null,
            new Executed("/usr/bin/python3", ["python3", "-c", "pass"])
        );

        Assert.Equal("/usr/bin/python3.11", python.Executable);
        Assert.Equal(["python3", "-c", "pass"], python.Args);
        Assert.Equal(
            "/opt/tool/dig",
            _reader.Describe(Sender(4242, 5000, "dig"), null, new Executed("/opt/tool/dig", ["dig"])).Executable
        );
        ProcessIdentityInfo script = _reader.Describe(
            Sender(4242, 5000, "python3.11"),
            null,
            new Executed("/usr/bin/env", ["env", "python3"])
        ); // a script's first exec
        Assert.Equal((null, 0), (script.Executable, script.Args.Count));
    }

    [Fact]
    public void Describe_CaughtExiting_WhatItExecutedStandsInForItsExeLinkAndCommandLine()
    {
        _proc.AddProcess(4242, "/usr/bin/dig", "dig", 5000);
        _proc.Files["/proc/4242/cmdline"] = string.Empty; // exiting: its memory is gone, its exe link not yet
        Assert.Equal(
            ["dig", "api.ipify.org"],
            _reader
                .Describe(Sender(4242, 5000, "dig"), null, new Executed("/usr/bin/dig", ["dig", "api.ipify.org"]))
                .Args
        );

        _proc.Links.Remove("/proc/4242/exe"); // a zombie's: stat is still there, the link is not
        ProcessIdentityInfo process = _reader.Describe(
            Sender(4242, 5000, "dig"),
            null,
            new Executed("/usr/bin/dig", ["dig", "api.ipify.org"])
        );

        Assert.Equal(("dig", "/usr/bin/dig"), (process.Name, process.Executable));
        Assert.Equal(["dig", "api.ipify.org"], process.Args);
    }

    [Fact]
    public void Describe_PidReusedSinceTheSend_IsNotTheNewProcess()
    {
        _proc.AddProcess(4242, "/usr/bin/sleep", "sleep", 9000);

        ProcessIdentityInfo process = _reader.Describe(Sender(4242, 5000, "dig"), lastKnown: null);

        Assert.Equal(("dig", null), (process.Name, process.Executable));
    }

    [Fact]
    public void Describe_ExecutedAnotherProgramSinceTheSend_IsTheProgramThatSent()
    {
        _proc.AddProcess(4242, "/usr/bin/sleep", "sleep", 5000); // same pid and start: it called exec

        Assert.Equal("dig", _reader.Describe(Sender(4242, 5000, "dig"), lastKnown: null).Name);
    }

    [Fact]
    public void Describe_Exited_ThePollersLastReadCompletesIt()
    {
        _proc.AddProcess(4242, "/usr/bin/dig", "dig", 5000);
        ProcessIdentityInfo seen = _reader.ReadProcess(4242)!;
        _proc.AddProcess(4242, "/usr/bin/sleep", "sleep", 7000); // gone, the pid taken again

        ProcessIdentityInfo process = _reader.Describe(Sender(4242, 5000, "dig"), seen);

        Assert.Equal(("/usr/bin/dig", "65534"), (process.Executable, process.UserId));
        Assert.Null(_reader.Describe(Sender(4242, 5000, "curl"), seen).Executable); // another program than the one seen
    }

    private static SentBy Sender(int pid, ulong startTicks, string executable) =>
        new(pid, 65534, 0, startTicks, executable, executable[..Math.Min(15, executable.Length)]);
}
