using System.Globalization;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// Socket inode → pid. Nothing in Linux indexes sockets by inode, so this scans /proc/&lt;pid&gt;/fd links
/// (<c>socket:[inode]</c>) and keeps the result. A miss rescans, but at most once per
/// <paramref name="minRescanInterval"/>, so a storm of unknown sockets costs one scan, not one each.
/// </summary>
public sealed class InodeOwnerIndex(IProcFileSystem proc, TimeProvider time, TimeSpan minRescanInterval)
{
    private readonly Dictionary<ulong, int> _owners = [];
    private readonly Lock _lock = new();
    private long _lastScan = long.MinValue;

    public int FullScans { get; private set; }

    public bool TryFindOwner(ulong inode, out int pid)
    {
        lock (_lock)
        {
            if (_owners.TryGetValue(inode, out pid) && StillOwns(pid, inode))
            {
                return true;
            }

            long now = time.GetTimestamp();
            if (_lastScan != long.MinValue && time.GetElapsedTime(_lastScan, now) < minRescanInterval)
            {
                return false;
            }

            Rescan();
            _lastScan = now;
            return _owners.TryGetValue(inode, out pid);
        }
    }

    // A cached pid may have exited and its number been reused: the link must still be there.
    private bool StillOwns(int pid, ulong inode)
    {
        string wanted = SocketLink(inode);
        string folder = $"/proc/{pid}/fd";
        return proc.List(folder).Any(fd => proc.ReadLink($"{folder}/{fd}") == wanted);
    }

    private void Rescan()
    {
        FullScans++;
        _owners.Clear();
        foreach (string entry in proc.List("/proc"))
        {
            if (!int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            string folder = $"/proc/{pid}/fd";
            foreach (string fd in proc.List(folder))
            {
                string? link = proc.ReadLink($"{folder}/{fd}");
                if (link is not null && link.StartsWith("socket:[", StringComparison.Ordinal) &&
                    ulong.TryParse(link.AsSpan(8, link.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode))
                {
                    _owners.TryAdd(inode, pid); // a socket shared after fork keeps its first (lowest-pid) holder
                }
            }
        }
    }

    private static string SocketLink(ulong inode) => string.Create(CultureInfo.InvariantCulture, $"socket:[{inode}]");
}
