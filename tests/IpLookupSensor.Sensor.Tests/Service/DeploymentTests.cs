using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Service;

/// <summary>
/// The shipped systemd unit: systemd itself finds no fault in it, its hardening scores as systemd rates it, and
/// the capabilities it grants are enough: the sensor run as an unprivileged user with exactly those captures and
/// names another user's process.
/// </summary>
public sealed partial class DeploymentTests : IDisposable
{
    private static readonly string s_sensor = typeof(ExitCodes).Assembly.Location;
    private static readonly string s_unit = Path.Combine(Repository.Root, "deploy", "iplookup-sensor.service");
    private readonly string _folder = Directory.CreateTempSubdirectory("ipls-deploy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Unit_SystemdFindsNoFault_AndRatesItsExposureOk()
    {
        // verify checks that ExecStart exists: point it at this build's executable.
        string unit = Path.Combine(_folder, "iplookup-sensor.service");
        File.WriteAllText(
            unit,
            File.ReadAllText(s_unit)
                .Replace(
                    "/opt/iplookup-sensor/iplookup-sensor",
                    Path.ChangeExtension(s_sensor, null),
                    StringComparison.Ordinal
                )
        );

        ExternalTool.Output verify = ExternalTool.Run("systemd-analyze", ["verify", "--man=no", unit]);
        ExternalTool.Output security = ExternalTool.Run("systemd-analyze", ["security", "--offline=yes", unit]);

        // warnings would show here
        Assert.Equal((0, string.Empty, string.Empty), (verify.ExitCode, verify.Stdout, verify.Stderr));
        double exposure = double.Parse(Exposure().Match(security.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= 5.0, $"exposure {exposure}:\n{security.Stdout}");
    }

    [Fact]
    public void Sensor_AsAnUnprivilegedUserWithTheUnitsCapabilities_CapturesAndNamesRootsProcess()
    {
        (JsonElement alert, IReadOnlyCollection<string> stderr) = DigAsNobodyWith(AmbientCapabilities());
        Assert.Equal(
            ("dig", "0", "root"),
            (
                alert.GetProperty("process").GetProperty("name").GetString(),
                alert.GetProperty("user").GetProperty("id").GetString(),
                alert.GetProperty("user").GetProperty("name").GetString()
            )
        );
        Assert.DoesNotContain(stderr, l => l.Contains("warning", StringComparison.Ordinal));
        // The send trace was loaded with CAP_BPF and CAP_PERFMON, then both were given up; it still names the sender.
        Assert.Equal(
            "ebpf",
            alert.GetProperty("iplookup").GetProperty("attribution").GetProperty("method").GetString()
        );
        Assert.Contains(
            stderr,
            l => l.Contains("attribution: the kernel records who sends each DNS query", StringComparison.Ordinal)
        );
        Assert.Contains(
            stderr,
            l =>
                l.EndsWith(
                    "capabilities: cap_dac_read_search,cap_net_raw,cap_sys_ptrace (every other one was given up at "
                        + "start)",
                    StringComparison.Ordinal
                )
        );
    }

    [Fact]
    public void Sensor_WithoutTheCapabilitiesToLoadTheSendTrace_SaysWhyAndStillNamesRootsProcess()
    {
        (JsonElement alert, IReadOnlyCollection<string> stderr) = DigAsNobodyWith(
            AmbientCapabilities().Where(c => c is not ("CAP_BPF" or "CAP_PERFMON"))
        );

        Assert.Contains(
            stderr,
            l =>
                l.Contains(
                    "warning: the kernel send trace is off (the kernel refused creating its map: Operation not "
                        + "permitted (needs CAP_BPF and CAP_PERFMON))",
                    StringComparison.Ordinal
                )
        );
        Assert.Equal("dig", alert.GetProperty("process").GetProperty("name").GetString());
        Assert.Contains(
            alert.GetProperty("iplookup").GetProperty("attribution").GetProperty("method").GetString(),
            new[] { "sock_diag", "history_cache" }
        ); // the poller runs
    }

    [Fact]
    public void Sensor_InGatewayModeWithTheUnitsCapabilities_GivesUpPtraceAndStillCaptures()
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer();
        using BackgroundProcess sensor = SensorAsNobody(ns, AmbientCapabilities(), "--mode", "gateway");
        const string Reduced = "capabilities: cap_dac_read_search,cap_net_raw (every other one was given up at start)";
        Assert.True(
            sensor.WaitFor(
                () => sensor.Stderr.Any(l => l.EndsWith(Reduced, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(20)
            ),
            string.Join('\n', sensor.Stderr)
        );

        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "api.ipify.org").ExitCode);
        Assert.True(
            sensor.WaitFor(() => !sensor.Stdout.IsEmpty, TimeSpan.FromSeconds(10)),
            string.Join('\n', sensor.Stderr)
        );
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(20)));
        Assert.Equal(
            "api.ipify.org",
            JsonDocument
                .Parse(Assert.Single(sensor.Stdout))
                .RootElement.GetProperty("dns")
                .GetProperty("question")
                .GetProperty("name")
                .GetString()
        );
    }

    /// <summary>
    /// Type=notify: under systemd (a parent process named systemd, and NOTIFY_SOCKET) the sensor says READY=1 once it
    /// captures and STOPPING=1 on SIGTERM, and logs in the journal's format with each line's priority.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Sensor_UnderSystemd_NotifiesReadinessAndLogsWithPriorities()
    {
        string systemd = Path.Combine(_folder, "systemd"); // what .NET's systemd check reads: the parent's name
        File.WriteAllText(
            systemd,
            "#!/bin/bash\ntrap 'kill -TERM $child' TERM\n\"$@\" & child=$!\nwait $child; wait $child\n"
        ); // passes SIGTERM on, as systemd does
        File.SetUnixFileMode(systemd, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string socketPath = Path.Combine(_folder, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        notify.ReceiveTimeout = 30_000;
        using var ns = new NetworkNamespace();

        using var sensor = new BackgroundProcess(
            "ip",
            ns.Exec("env", $"NOTIFY_SOCKET={socketPath}", systemd, "dotnet", s_sensor, "run", "--interface", "lo")
        );
        string ready = Receive(notify);
        int exitCode = sensor.Terminate(TimeSpan.FromSeconds(20));

        Assert.Equal(("READY=1", "STOPPING=1", 0), (ready, Receive(notify), exitCode));
        Assert.Contains(
            sensor.Stderr,
            l =>
                l.StartsWith("<6>", StringComparison.Ordinal) && l.Contains("capturing on lo", StringComparison.Ordinal)
        );
    }

    private static string Receive(Socket socket)
    {
        byte[] buffer = new byte[4096];
        return System.Text.Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)).Trim();
    }

    // The sensor as nobody with these capabilities; root's dig asks api.ipify.org once.
    private static (JsonElement Alert, IReadOnlyCollection<string> Stderr) DigAsNobodyWith(IEnumerable<string> granted)
    {
        using var ns = new NetworkNamespace();
        using BackgroundProcess server = ns.StartDnsServer("--delay-ms", "50");
        using BackgroundProcess sensor = SensorAsNobody(ns, granted);
        Assert.True(
            sensor.WaitFor(
                () => sensor.Stderr.Any(l => l.Contains("capturing on lo", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(20)
            ),
            string.Join('\n', sensor.Stderr)
        );

        Assert.Equal(0, ns.Run("dig", "+tries=1", "+time=2", "@127.0.0.1", "api.ipify.org").ExitCode);
        Assert.True(
            sensor.WaitFor(() => !sensor.Stdout.IsEmpty, TimeSpan.FromSeconds(10)),
            string.Join('\n', sensor.Stderr)
        );
        Assert.Equal(0, sensor.Terminate(TimeSpan.FromSeconds(20)));
        return (JsonDocument.Parse(Assert.Single(sensor.Stdout)).RootElement.Clone(), [.. sensor.Stderr]);
    }

    // `run --interface lo` as nobody, with the capabilities ambient as the unit gives them.
    private static BackgroundProcess SensorAsNobody(
        NetworkNamespace ns,
        IEnumerable<string> capabilities,
        params string[] arguments
    )
    {
        string granted = string.Join(',', capabilities.Select(c => "+" + c["CAP_".Length..].ToLowerInvariant()));
        return new BackgroundProcess(
            "ip",
            ns.Exec([
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                $"--inh-caps={granted}",
                $"--ambient-caps={granted}",
                "env",
                "HOME=/tmp",
                "dotnet",
                s_sensor,
                "run",
                "--interface",
                "lo",
                .. arguments,
            ])
        );
    }

    private static string[] AmbientCapabilities() =>
        File.ReadLines(s_unit)
            .Single(l => l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal))[
                "AmbientCapabilities=".Length..
            ]
            .Split(' ');

    [GeneratedRegex(@"Overall exposure level for \S+: ([0-9.]+)")]
    private static partial Regex Exposure();
}
