namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>
/// A private network namespace with only a loopback interface, and a resolv.conf pointing at 127.0.0.1, so real
/// clients and the sensor talk to each other without any packet leaving it. Needs root (CI runs as root).
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private readonly string _resolvFolder;

    public NetworkNamespace()
    {
        Name = $"ipls-test-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        Must("ip", "netns", "add", Name);
        Must("ip", "-n", Name, "link", "set", "lo", "up");
        _resolvFolder = Path.Combine("/etc/netns", Name);
        Directory.CreateDirectory(_resolvFolder);
        File.WriteAllText(Path.Combine(_resolvFolder, "resolv.conf"), "nameserver 127.0.0.1\n");
    }

    public string Name { get; }

    /// <summary>The argument list that runs <paramref name="command"/> inside the namespace.</summary>
    public string[] Exec(params string[] command) => ["netns", "exec", Name, .. command];

    public ExternalTool.Output Run(params string[] command) =>
        ExternalTool.Run("ip", Exec(command), TimeSpan.FromSeconds(30));

    /// <summary>Runs <paramref name="command"/> in the namespace as nobody (uid and gid 65534, no groups).</summary>
    public ExternalTool.Output RunAsNobody(params string[] command) =>
        Run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", .. command]);

    /// <summary>
    /// tools/dns-server.py on 127.0.0.1 (and whatever else <paramref name="options"/> adds), once it is ready.
    /// </summary>
    public BackgroundProcess StartDnsServer(params string[] options)
    {
        var server = new BackgroundProcess(
            "ip",
            Exec([
                "python3",
                Path.Combine(Repository.Root, "tools", "dns-server.py"),
                "--bind",
                "127.0.0.1",
                .. options,
            ])
        );
        if (!server.WaitFor(() => server.Stdout.Contains("ready"), TimeSpan.FromSeconds(10)))
        {
            server.Dispose();
            throw new InvalidOperationException("the DNS server did not start");
        }

        return server;
    }

    /// <summary><c>iplookup-sensor run --interface lo</c> with <paramref name="options"/>, once it captures.</summary>
    public BackgroundProcess StartSensor(params string[] options)
    {
        var sensor = new BackgroundProcess(
            "ip",
            Exec([
                "dotnet",
                typeof(IpLookupSensor.Sensor.Cli.ExitCodes).Assembly.Location,
                "run",
                "--interface",
                "lo",
                .. options,
            ])
        );
        if (
            !sensor.WaitFor(
                () => sensor.Stderr.Any(l => l.Contains("capturing on lo", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(20)
            )
        )
        {
            string log = string.Join('\n', sensor.Stderr);
            sensor.Dispose();
            throw new InvalidOperationException("the sensor did not start capturing:\n" + log);
        }

        return sensor;
    }

    public void Dispose()
    {
        ExternalTool.Output pids = ExternalTool.Run("ip", ["netns", "pids", Name]);
        foreach (string pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            ExternalTool.Run("kill", ["-KILL", pid]);
        }

        ExternalTool.Run("ip", ["netns", "del", Name]);
        Directory.Delete(_resolvFolder, recursive: true);
    }

    private static void Must(params string[] command)
    {
        ExternalTool.Output output = ExternalTool.Run(command[0], command[1..]);
        if (output.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed (root needed): {output.Stderr}");
        }
    }
}
