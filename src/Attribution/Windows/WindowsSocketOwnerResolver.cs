using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>
/// The process and user behind a local endpoint on Windows: the IP Helper owner tables give the pid, the process
/// handle its Win32 image path, start time and token user. Lookup precedence follows Packetbeat: the exact address,
/// then the family's wildcard, and for IPv4 the IPv6 table too, where dual-mode sockets appear.
/// </summary>
public sealed class WindowsSocketOwnerResolver(IpHelperTableReader tables, IWindowsProcesses processes, string hostId)
    : ISocketOwnerResolver,
        IProcessDescriber
{
    private const int SystemPid = 4;

    // Which tables to search (ipv6 flags): an IPv4 endpoint may sit in the IPv6 table on a dual-mode socket.
    private static readonly bool[] s_ipv4Then6 = [false, true];
    private static readonly bool[] s_ipv6Only = [true];

    private readonly ConcurrentDictionary<string, (string Name, string Domain)?> _accounts = new(
        StringComparer.Ordinal
    );

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    public static WindowsSocketOwnerResolver CreateDefault() =>
        new(new IpHelperTableReader(new NativeIpHelper()), new NativeWindowsProcesses(), Environment.MachineName);

    public OwnerLookup Resolve(SocketTransport transport, IPAddress localAddress, ushort localPort)
    {
        if (FindRow(transport, localAddress, localPort) is not { } row)
        {
            return OwnerLookup.SocketClosed;
        }

        return Describe(row.Pid) switch
        {
            null => OwnerLookup.PidExited,
            // The process or its token refused us: the name is from the process list, the user unknown.
            { UserId: null } process => OwnerLookup.Found(process, "iphlpapi", "medium", "access_denied"),
            { } process => OwnerLookup.Found(process, "iphlpapi"),
        };
    }

    public IpHelperRow? FindRow(SocketTransport transport, IPAddress localAddress, ushort localPort)
    {
        IPAddress address = localAddress.Unmapped();
        IpHelperRow? wildcard = null;
        foreach (bool ipv6 in address.AddressFamily == AddressFamily.InterNetwork ? s_ipv4Then6 : s_ipv6Only)
        {
            foreach (IpHelperRow row in tables.TryRead(transport, ipv6, out _) ?? [])
            {
                // Pid 0 is "unknown" here (a TIME_WAIT remnant, say), never a real owner.
                if (row.LocalPort != localPort || row.Pid == 0)
                {
                    continue;
                }

                IPAddress bound = row.LocalAddress.Unmapped();
                if (bound.Equals(address))
                {
                    return row;
                }

                if (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any))
                {
                    wildcard ??= row;
                }
            }
        }

        return wildcard;
    }

    public ProcessIdentityInfo? Describe(int pid)
    {
        if (pid == SystemPid)
        {
            // Kernel sockets: no image and no token to open.
            return new ProcessIdentityInfo(
                pid,
                "System",
                null,
                [],
                null,
                EntityId(pid, 0),
                WellKnownAccounts.LocalSystem,
                "SYSTEM",
                "NT AUTHORITY"
            );
        }

        WindowsProcessFacts facts = processes.Query(pid);
        switch (facts.Access)
        {
            case WindowsProcessAccess.Gone:
                return null;
            case WindowsProcessAccess.AccessDenied:
                string? name = processes.SnapshotName(pid);
                return name is null
                    ? null
                    : new ProcessIdentityInfo(pid, name, null, [], null, EntityId(pid, 0), null, null);
        }

        string? image = facts.ImagePath;
        string? sid = facts.UserSid is null ? null : SidFormatter.Format(facts.UserSid);
        (string Name, string Domain)? account = sid is null ? null : Account(sid, facts.UserSid!);
        return new ProcessIdentityInfo(
            pid,
            image is null
                ? processes.SnapshotName(pid) ?? pid.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : FileName(image),
            image,
            facts.CommandLine is { } commandLine ? WindowsCommandLine.Split(commandLine) : [],
            facts.CreationFileTime is long created ? DateTime.FromFileTimeUtc(created) : null,
            EntityId(pid, facts.CreationFileTime ?? 0),
            sid,
            account?.Name,
            account?.Domain
        );
    }

    // Windows paths on any host: Path.GetFileName would not split on '\' on Linux.
    private static string FileName(string windowsPath) => windowsPath[(windowsPath.LastIndexOfAny(['\\', '/']) + 1)..];

    private (string Name, string Domain)? Account(string sid, byte[] binarySid) =>
        WellKnownAccounts.Find(sid) ?? _accounts.GetOrAdd(sid, _ => processes.LookupAccount(binarySid));

    // Stable for the life of the process, different after pid reuse: the creation time tells the two apart.
    private string EntityId(int pid, long creationFileTime) =>
        Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{hostId}|{pid}|{creationFileTime}")).AsSpan(0, 16)
        );
}
