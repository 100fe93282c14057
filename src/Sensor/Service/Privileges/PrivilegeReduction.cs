using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace IpLookupSensor.Sensor.Service.Privileges;

/// <summary>
/// <c>run</c> started as root on Linux gives up, before it opens anything, every capability it will not need: it
/// cuts the capability bounding set of its main thread to what the mode needs and executes itself again. Root's
/// capabilities after an exec are its bounding set, so the new image and every thread the runtime then starts
/// have only those, and can never regain the others. A service user's ambient capabilities are lowered the same way.
/// (Dropping in the running process would not do: capabilities are per thread, and .NET has started threads of its
/// own.) Same pid, arguments, environment and standard streams.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe class PrivilegeReduction
{
    /// <summary>Set in the environment of the restarted process, so it does not restart again.</summary>
    // not IPLOOKUP_: that prefix is configuration
    public const string MarkerVariable = "IPLOOKUPSENSOR_CAPABILITIES_REDUCED";

    /// <summary>
    /// Capture (packet sockets; promiscuous mode goes through PACKET_ADD_MEMBERSHIP, which needs no CAP_NET_ADMIN);
    /// entering other users' folders (rules, configuration and keys whoever owns them, and in host mode other users'
    /// /proc/PID/fd); in host mode, reading other users' fd and exe links (attribution); a Prometheus port below 1024.
    /// </summary>
    public static ulong Needed(SensorOptions options)
    {
        List<int> needed = [Capabilities.NetRaw, Capabilities.DacReadSearch];
        if (options.Mode == "host")
        {
            needed.Add(Capabilities.SysPtrace);
        }

        if (
            options.Metrics.Prometheus is { } endpoint
            && int.TryParse(endpoint[(endpoint.LastIndexOf(':') + 1)..], out int port)
            && port < 1024
        )
        {
            needed.Add(Capabilities.NetBindService);
        }

        return Capabilities.Mask(needed);
    }

    /// <summary>
    /// Restarts with only <paramref name="needed"/> when the process holds more and has not restarted yet: as root
    /// by cutting the bounding set, as a service user with ambient capabilities (deploy/iplookup-sensor.service) by
    /// lowering those it does not need. Returns when there is nothing to do, or when a step failed (said through
    /// <paramref name="warn"/>: the sensor then goes on as it was). <paramref name="handOff"/> gives environment
    /// entries for what the restarted process takes over, asked for only when it restarts.
    /// </summary>
    public static void RestartWithOnly(ulong needed, Action<string> warn, Func<IEnumerable<string>>? handOff = null)
    {
        string status = File.ReadAllText("/proc/self/status");
        ulong permitted = Capabilities.FromStatus(status, "CapPrm") ?? 0;
        if ((permitted & ~needed) == 0 || Environment.GetEnvironmentVariable(MarkerVariable) is not null)
        {
            return;
        }

        string? failure =
            Interop.geteuid() == 0
                ? DropBoundingSet(needed) ?? ClearInheritableAndAmbient()
                : LowerAmbient(Capabilities.FromStatus(status, "CapAmb") ?? 0, needed);
        if (failure is null)
        {
            failure = Exec(
                Environment
                    .GetEnvironmentVariables()
                    .Keys.Cast<string>()
                    .Select(name => $"{name}={Environment.GetEnvironmentVariable(name)}")
                    .Append($"{MarkerVariable}=1")
                    .Concat(handOff?.Invoke() ?? [])
            );
        }

        warn(
            $"could not give up the capabilities it does not need ({failure}); running with "
                + $"{Capabilities.Describe(permitted)}"
        );
    }

    /// <summary>This process's effective capabilities, as the start line reports them.</summary>
    public static string Effective() =>
        File.Exists("/proc/self/status")
        && Capabilities.FromStatus(File.ReadAllText("/proc/self/status"), "CapEff") is ulong mask
            ? Capabilities.Describe(mask)
            : "unknown";

    private static string? DropBoundingSet(ulong needed)
    {
        int last = int.TryParse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), out int value) ? value : 40;
        for (int capability = 0; capability <= last; capability++)
        {
            if (
                (needed & (1UL << capability)) == 0
                && Interop.prctl(Interop.PrCapabilityBoundingSetDrop, (nuint)capability, 0, 0, 0) != 0
            )
            {
                return $"prctl(PR_CAPBSET_DROP, {capability}): {Marshal.GetLastPInvokeErrorMessage()}";
            }
        }

        return null;
    }

    // Root's capabilities after exec are its inheritable set and its bounding set: the inheritable set must not
    // bring back what the bounding set dropped. Ambient capabilities would survive the exec as they are.
    private static string? ClearInheritableAndAmbient()
    {
        var header = new Interop.CapabilityHeader { Version = Interop.CapabilityVersion3 };
        Interop.CapabilityData* data = stackalloc Interop.CapabilityData[2];
        if (Interop.capget(&header, data) != 0)
        {
            return $"capget: {Marshal.GetLastPInvokeErrorMessage()}";
        }

        data[0].Inheritable = 0;
        data[1].Inheritable = 0;
        if (Interop.capset(&header, data) != 0)
        {
            return $"capset: {Marshal.GetLastPInvokeErrorMessage()}";
        }

        // EINVAL before Linux 4.3: none then
        _ = Interop.prctl(Interop.PrCapabilityAmbient, Interop.PrCapabilityAmbientClearAll, 0, 0, 0);
        return null;
    }

    // A process that is not root keeps across exec only its ambient capabilities (no file capabilities here).
    private static string? LowerAmbient(ulong ambient, ulong needed)
    {
        for (int capability = 0; capability < 64; capability++)
        {
            if (
                (ambient & ~needed & (1UL << capability)) != 0
                && Interop.prctl(Interop.PrCapabilityAmbient, Interop.PrCapabilityAmbientLower, (nuint)capability, 0, 0)
                    != 0
            )
            {
                return $"prctl(PR_CAP_AMBIENT_LOWER, {capability}): {Marshal.GetLastPInvokeErrorMessage()}";
            }
        }

        return null;
    }

    private static string Exec(IEnumerable<string> environment)
    {
        string[] arguments = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None)[..^1];
        using var native = new NativeStrings();
        byte** argv = native.Array(arguments);
        byte** envp = native.Array([.. environment]);
        byte* path = native.String("/proc/self/exe");
        Console.Out.Flush();
        Console.Error.Flush();
        Interop.execve(path, argv, envp);
        return $"execve: {Marshal.GetLastPInvokeErrorMessage()}"; // returns only when it failed
    }

    /// <summary>NUL-terminated UTF-8 strings and NULL-terminated arrays of them, freed together.</summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly List<nint> _blocks = [];

        public byte* String(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text + '\0');
            var block = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
            bytes.CopyTo(new Span<byte>(block, bytes.Length));
            _blocks.Add((nint)block);
            return block;
        }

        public byte** Array(string[] texts)
        {
            var array = (byte**)NativeMemory.Alloc((nuint)(texts.Length + 1), (nuint)sizeof(byte*));
            _blocks.Add((nint)array);
            for (int i = 0; i < texts.Length; i++)
            {
                array[i] = String(texts[i]);
            }

            array[texts.Length] = null;
            return array;
        }

        public void Dispose() => _blocks.ForEach(block => NativeMemory.Free((void*)block));
    }
}
