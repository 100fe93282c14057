using System.Net;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// Remembers who held each socket, so a client that gets its answer and exits before the lookup could run is still
/// named (method history_cache). It polls the fds of young processes only: a fast DNS client is always a new
/// process, while an old one is still alive when its lookup runs. It also learns where each new socket is bound,
/// for clients whose socket is closed by the time of the lookup. An owner is kept for <c>grace</c> after its
/// socket was last seen, and at most <see cref="MaxSockets"/> of them.
/// </summary>
public sealed class SocketHistoryPoller(
    IProcFileSystem proc,
    ISocketTable sockets,
    ProcessInfoReader processes,
    TimeProvider time,
    TimeSpan grace
) : IDisposable
{
    public const int MaxSockets = 65_536;

    /// <summary>A process is polled for this long after it first appears.</summary>
    public static readonly TimeSpan YoungFor = TimeSpan.FromSeconds(2);

    private readonly Dictionary<int, long> _firstSeen = [];
    private readonly Dictionary<
        int,
        (string Executable, ProcessIdentityInfo? Identity, long FirstSeen)
    > _youngIdentities = [];
    private int[] _youngNewestFirst = [];
    private readonly Dictionary<ulong, (ProcessIdentityInfo Owner, long LastSeen)> _sockets = [];
    private readonly Dictionary<int, ProcessIdentityInfo> _processes = []; // read once per poll, however many sockets
    private readonly Dictionary<(SocketTransport, IPAddress, ushort), (ulong Inode, uint Uid)> _endpoints = [];
    private readonly HashSet<ulong> _unbound = []; // recorded sockets whose local port is not known yet
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private bool _primed;
    private string? _lastPid;

    public int Polls { get; private set; }

    /// <summary>Polls on a background thread every <paramref name="interval"/> until disposed.</summary>
    public void Start(TimeSpan interval)
    {
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                PollOnce();
                _stop.Token.WaitHandle.WaitOne(interval);
            }
        })
        {
            IsBackground = true,
            Name = "socket-history",
            Priority = ThreadPriority.AboveNormal,
        };
        _thread.Start();
    }

    /// <summary>
    /// The processes that appeared less than <see cref="YoungFor"/> ago at the last poll, newest first: where a new
    /// socket's owner usually is.
    /// </summary>
    public IReadOnlyList<int> YoungProcessIds => Volatile.Read(ref _youngNewestFirst);

    /// <summary>
    /// A young process as last read (after its last exec), which outlives the process for the lookup that comes too
    /// late.
    /// </summary>
    public ProcessIdentityInfo? LastKnown(int pid)
    {
        lock (_lock)
        {
            return _youngIdentities.GetValueOrDefault(pid).Identity;
        }
    }

    public ProcessIdentityInfo? Find(ulong inode)
    {
        lock (_lock)
        {
            return _sockets.TryGetValue(inode, out var entry) && Fresh(entry.LastSeen) ? entry.Owner : null;
        }
    }

    /// <summary>The last owner of a local endpoint whose socket may already be closed, with the socket's uid.</summary>
    public (ProcessIdentityInfo Owner, uint Uid)? Find(
        SocketTransport transport,
        IPAddress localAddress,
        ushort localPort
    )
    {
        lock (_lock)
        {
            foreach (IPAddress address in new[] { localAddress, IPAddress.Any, IPAddress.IPv6Any })
            {
                if (
                    _endpoints.TryGetValue((transport, address, localPort), out var socket)
                    && _sockets.TryGetValue(socket.Inode, out var entry)
                    && Fresh(entry.LastSeen)
                )
                {
                    return (entry.Owner, socket.Uid);
                }
            }

            return null;
        }
    }

    public void PollOnce()
    {
        long now = time.GetTimestamp();
        // The last pid the kernel handed out (/proc/loadavg's last field) is a cheap "anything new?": when nothing
        // was created and no process is young, listing /proc (most of a poll's cost) would find nothing.
        string? lastPid = LastPid(proc.ReadText("/proc/loadavg"));
        if (_primed && _youngNewestFirst.Length == 0 && lastPid is not null && lastPid == _lastPid)
        {
            Polls++;
            return;
        }

        _lastPid = lastPid;
        List<int> pids = proc.ListProcessIds();
        var seen = new List<(ulong Inode, int Pid)>();
        var young = new List<int>();
        foreach (int pid in pids)
        {
            // Processes there at the first poll are old: only those that appear later are polled.
            if (!_firstSeen.TryGetValue(pid, out long first))
            {
                _firstSeen[pid] = first = _primed ? now : long.MinValue;
            }

            if (first != long.MinValue && time.GetElapsedTime(first, now) < YoungFor)
            {
                young.Add(pid);
                CollectSockets(pid, seen);
            }
        }

        RememberYoung(young, now);

        _primed = true;
        if (_firstSeen.Count > 2 * pids.Count)
        {
            // Forget exited processes now and then, not on every poll.
            var alive = pids.ToHashSet();
            _firstSeen.Keys.Where(pid => !alive.Contains(pid)).ToList().ForEach(pid => _firstSeen.Remove(pid));
        }
        Record(seen, now);
        if (_unbound.Count > 0)
        {
            LearnEndpoints();
        }

        Polls++;
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _thread?.Join();
        _stop.Dispose(); // IsCancellationRequested stays readable, so a second Dispose returns above
        (sockets as IDisposable)?.Dispose();
    }

    // The socket tables say where each new socket is bound; a client binds when it first sends, so a socket stays
    // pending until its port shows.
    private void LearnEndpoints()
    {
        var bound = new List<SocketEntry>();
        foreach (SocketTransport transport in (ReadOnlySpan<SocketTransport>)[SocketTransport.Udp, SocketTransport.Tcp])
        {
            bound.Clear();
            sockets.Read(transport, localPort: null, bound);
            lock (_lock)
            {
                foreach (SocketEntry entry in bound)
                {
                    if (entry.LocalPort != 0 && _unbound.Remove(entry.Inode))
                    {
                        _endpoints[(transport, entry.LocalAddress.Unmapped(), entry.LocalPort)] = (
                            entry.Inode,
                            entry.Uid
                        );
                    }
                }
            }
        }
    }

    // A young process is read when first seen and again after each exec (its executable changes), so what is kept
    // is the program it became, not the shell or xargs it was forked from. Exited ones are kept while the grace lasts.
    private void RememberYoung(List<int> young, long now)
    {
        lock (_lock)
        {
            foreach (
                int old in _youngIdentities
                    .Where(y => time.GetElapsedTime(y.Value.FirstSeen, now) > YoungFor + grace)
                    .Select(y => y.Key)
                    .ToList()
            )
            {
                _youngIdentities.Remove(old);
            }
        }

        young.Sort((a, b) => b.CompareTo(a));
        foreach (int pid in young)
        {
            string? executable = proc.ReadLink($"/proc/{pid}/exe");
            if (
                executable is null
                || (_youngIdentities.TryGetValue(pid, out var known) && known.Executable == executable)
            )
            {
                continue;
            }

            ProcessIdentityInfo? identity = processes.ReadProcess(pid);
            lock (_lock)
            {
                if (_youngIdentities.Count < MaxSockets)
                {
                    _youngIdentities[pid] = (executable, identity, _firstSeen[pid]);
                }
            }
        }

        Volatile.Write(ref _youngNewestFirst, [.. young]);
    }

    private static string? LastPid(string? loadavg)
    {
        string? text = loadavg?.TrimEnd();
        return string.IsNullOrEmpty(text) ? null : text[(text.LastIndexOf(' ') + 1)..];
    }

    // Polls are skipped while nothing is young, so expiry is checked on use as well.
    private bool Fresh(long lastSeen) => time.GetElapsedTime(lastSeen) <= grace;

    private void CollectSockets(int pid, List<(ulong Inode, int Pid)> seen)
    {
        foreach ((string _, ulong inode) in SocketLink.SocketsOf(proc, pid))
        {
            seen.Add((inode, pid));
        }
    }

    private void Record(List<(ulong Inode, int Pid)> seen, long now)
    {
        _processes.Clear();
        lock (_lock)
        {
            foreach ((ulong inode, int pid) in seen)
            {
                if (_sockets.TryGetValue(inode, out var known) && known.Owner.Pid == pid)
                {
                    _sockets[inode] = (known.Owner, now);
                    continue;
                }

                if (!_processes.TryGetValue(pid, out ProcessIdentityInfo? owner))
                {
                    owner = processes.ReadProcess(pid);
                    if (owner is null)
                    {
                        continue; // exited mid-poll
                    }

                    _processes[pid] = owner;
                }

                if (_sockets.Count < MaxSockets)
                {
                    _sockets[inode] = (owner, now);
                    _unbound.Add(inode);
                }
            }

            foreach (
                ulong stale in _sockets
                    .Where(s => time.GetElapsedTime(s.Value.LastSeen, now) > grace)
                    .Select(s => s.Key)
                    .ToList()
            )
            {
                _sockets.Remove(stale);
                _unbound.Remove(stale);
            }

            // Only sockets polled just now can still show their port; unix and netlink sockets never will.
            _unbound.RemoveWhere(inode => !_sockets.TryGetValue(inode, out var entry) || entry.LastSeen != now);

            foreach (
                var gone in _endpoints.Where(e => !_sockets.ContainsKey(e.Value.Inode)).Select(e => e.Key).ToList()
            )
            {
                _endpoints.Remove(gone);
            }
        }
    }
}
