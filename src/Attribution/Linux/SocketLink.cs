using System.Globalization;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>The target of a /proc/&lt;pid&gt;/fd link to a socket: <c>socket:[inode]</c>.</summary>
public static class SocketLink
{
    public static string Format(ulong inode) => string.Create(CultureInfo.InvariantCulture, $"socket:[{inode}]");

    /// <summary>The socket fds of a process (fd number, socket inode); none once it has exited.</summary>
    public static IEnumerable<(string Fd, ulong Inode)> SocketsOf(IProcFileSystem proc, int pid)
    {
        string folder = $"/proc/{pid}/fd";
        foreach (string fd in proc.List(folder))
        {
            if (TryParse(proc.ReadLink($"{folder}/{fd}"), out ulong inode))
            {
                yield return (fd, inode);
            }
        }
    }

    public static bool TryParse(string? link, out ulong inode)
    {
        inode = 0;
        return link is not null
            && link.StartsWith("socket:[", StringComparison.Ordinal)
            && link.EndsWith(']')
            && ulong.TryParse(
                link.AsSpan(8, link.Length - 9),
                NumberStyles.None,
                CultureInfo.InvariantCulture,
                out inode
            );
    }
}
