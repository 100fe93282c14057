namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// Socket inode → pid. Nothing in Linux indexes sockets by inode, so this scans /proc/&lt;pid&gt;/fd links
/// (<c>socket:[inode]</c>) and keeps what it sees. A miss scans newest processes first (highest pid) and stops
/// at the owner: a DNS socket nearly always belongs to a fresh process (dig, curl, python), and the lookup
/// races that process's exit. A miss that goes through every process counts as a full scan; those happen at
/// most once per <paramref name="minRescanInterval"/>, so a storm of unknown sockets costs one, not one each.
/// </summary>
public sealed class InodeOwnerIndex(IProcFileSystem proc, TimeProvider time, TimeSpan minRescanInterval)
{
    /// <summary>
    /// Inodes are never reused, so closed sockets would pile up: beyond this many the index starts over.
    /// </summary>
    public const int MaxEntries = 65_536;

    private readonly Dictionary<ulong, (int Pid, string Fd)> _owners = [];
    private readonly Lock _lock = new();
    private long _lastScan = long.MinValue;

    public int FullScans { get; private set; }

    /// <param name="scan">False: answer from what is known, never scanning /proc (the cheap first try).</param>
    /// <param name="likelyOwners">Processes to look at before listing /proc: the young ones, where a new socket usually
    /// is.</param>
    public bool TryFindOwner(ulong inode, out int pid, bool scan = true, IReadOnlyList<int>? likelyOwners = null)
    {
        lock (_lock)
        {
            if (_owners.TryGetValue(inode, out var known) && StillOwns(known.Pid, known.Fd, inode))
            {
                pid = known.Pid;
                return true;
            }

            pid = 0;

            long now = time.GetTimestamp();
            if (!scan || _lastScan != long.MinValue && time.GetElapsedTime(_lastScan, now) < minRescanInterval)
            {
                return false;
            }

            if (likelyOwners is not null && ScanOnly(likelyOwners, inode, out pid))
            {
                return true;
            }

            if (Scan(stopAt: inode))
            {
                pid = _owners[inode].Pid;
                return true;
            }

            _lastScan = now; // went through every process without finding it
            return false;
        }
    }

    // A cached pid may have exited and its number been reused: the same fd must still link to the socket. One
    // readlink, where listing every fd of a long-lived process costs a millisecond.
    private bool StillOwns(int pid, string fd, ulong inode) =>
        proc.ReadLink($"/proc/{pid}/fd/{fd}") == SocketLink.Format(inode);

    private bool ScanOnly(IReadOnlyList<int> pids, ulong stopAt, out int owner)
    {
        foreach (int pid in pids)
        {
            foreach ((string fd, ulong inode) in SocketLink.SocketsOf(proc, pid))
            {
                _owners[inode] = (pid, fd);
                if (inode == stopAt)
                {
                    owner = pid;
                    return true;
                }
            }
        }

        owner = 0;
        return false;
    }

    /// <summary>
    /// Scans processes newest first, recording every socket seen; true as soon as <paramref name="stopAt"/> is found.
    /// </summary>
    private bool Scan(ulong stopAt)
    {
        if (_owners.Count > MaxEntries)
        {
            _owners.Clear();
        }

        List<int> pids = proc.ListProcessIds();
        pids.Sort((a, b) => b.CompareTo(a));
        foreach (int pid in pids)
        {
            foreach ((string fd, ulong inode) in SocketLink.SocketsOf(proc, pid))
            {
                // newest first, then older: a socket shared after fork ends with its oldest holder
                _owners[inode] = (pid, fd);
            }

            if (_owners.TryGetValue(stopAt, out var found) && found.Pid == pid)
            {
                return true;
            }
        }

        FullScans++;
        return false;
    }
}
