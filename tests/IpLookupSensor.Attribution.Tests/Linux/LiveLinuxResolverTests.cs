using System.Diagnostics;
using System.Globalization;
using System.Net;
using IpLookupSensor.Attribution.Linux;

namespace IpLookupSensor.Attribution.Tests.Linux;

/// <summary>
/// The resolver on this machine's real /proc, against real processes holding real sockets (CI runs as root).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LiveLinuxResolverTests
{
    private const string Python = "/usr/bin/python3";

    // Binds a UDP socket on loopback, prints its port, then holds it until killed or its input closes (this test
    // process gone): a timed hold once ran out in CI while the machine stalled for a minute.
    private const string HoldSocket =
        "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1',0)); "
        + "print(s.getsockname()[1], flush=True); sys.stdin.read()";

    [Theory]
    [InlineData(false, "0", "root")]
    [InlineData(true, "65534", "nobody")]
    public void Resolve_RealProcessHoldingAUdpSocket_IsThatProcessAndItsUser(bool asNobody, string uid, string user)
    {
        var info = new ProcessStartInfo(asNobody ? "setpriv" : Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        string[] args = asNobody
            ? ["--reuid=65534", "--regid=65534", "--clear-groups", Python, "-c", HoldSocket]
            : ["-c", HoldSocket];
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Loose: a start time is the boot time, in whole seconds, plus the kernel's count since boot.
        DateTimeOffset startedAfter = DateTimeOffset.UtcNow.AddMinutes(-1);
        using Process holder = Process.Start(info)!;
        try
        {
            ushort port = ushort.Parse(holder.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);

            using var resolver = LinuxSocketOwnerResolver.CreateDefault(
                TimeProvider.System,
                TimeSpan.FromMilliseconds(1)
            );
            OwnerLookup found = resolver.Resolve(SocketTransport.Udp, IPAddress.Loopback, port);

            Assert.Equal(("sock_diag", "high", null), (found.Method, found.Confidence, found.Reason));
            Assert.NotNull(found.Process);
            ProcessIdentityInfo owner = found.Process;
            Assert.Equal(holder.Id, owner.Pid); // setpriv execs python in place
            Assert.StartsWith("python3", owner.Name, StringComparison.Ordinal);
            Assert.Equal((uid, user), (owner.UserId, owner.UserName));
            Assert.Contains("-c", owner.Args);
            Assert.InRange(owner.Start!.Value, startedAfter, DateTimeOffset.UtcNow.AddSeconds(5));
        }
        finally
        {
            holder.Kill();
        }
    }
}
