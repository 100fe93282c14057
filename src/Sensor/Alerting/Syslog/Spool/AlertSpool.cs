using System.Globalization;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Spool;

/// <summary>
/// A destination's durable queue: formatted messages appended to segment files before they are sent, acknowledged
/// (a cursor file, replaced atomically) once written to the destination's socket. Appends reach the disk (fsync,
/// by the sender, one per batch) before they are read back for sending. After a crash the cursor says
/// where to resume (messages after it may be sent twice; their alert ids let the collector drop the copy) and a
/// torn last record is cut off. Above the quota the oldest segment goes, and its unsent messages are counted.
/// </summary>
internal sealed class AlertSpool : IDisposable
{
    private const string SegmentExtension = ".seg";
    private const string CursorFile = "cursor";

    private readonly string _directory;
    private readonly long _quotaBytes;
    private readonly long _segmentBytes;
    private readonly FileStream _lock;
    private readonly SortedDictionary<long, long> _segments = []; // number → bytes
    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _appended = new(0);
    private FileStream _writer;
    private long _writeSegment;
    private SpoolPosition _cursor;
    private readonly HashSet<long> _unsynced = []; // segments appended to since their last fsync
    private readonly Lock _cursorFile = new();
    private bool _cursorChanged;
    private long _pending;
    private long _totalBytes;
    private long _dropped;
    private long _unreportedDrops;

    private AlertSpool(string directory, long quotaBytes, FileStream lockFile)
    {
        _directory = directory;
        _quotaBytes = quotaBytes;
        _segmentBytes = Math.Clamp(quotaBytes / 4, 4096, 1 << 20);
        _lock = lockFile;
        Recover();
        _writer = OpenForAppend(_writeSegment);
    }

    /// <summary>Messages appended and not yet acknowledged.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public long Bytes => Interlocked.Read(ref _totalBytes);

    /// <summary>Unsent messages dropped to stay within the quota, since this spool was opened.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public string Directory => _directory;

    public static AlertSpool Open(string directory, long quotaBytes)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            // The spool root too, if it is new: alerts name processes and users.
            const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            string root = Path.GetDirectoryName(Path.GetFullPath(directory))!;
            if (!System.IO.Directory.Exists(root))
            {
                System.IO.Directory.CreateDirectory(root, Private);
            }

            System.IO.Directory.CreateDirectory(directory, Private);
        }

        FileStream lockFile;
        try
        {
            lockFile = new FileStream(
                Path.Combine(directory, "lock"),
                FileMode.OpenOrCreate,
                FileAccess.ReadWrite,
                FileShare.None
            );
        }
        catch (IOException e)
        {
            throw new IOException($"spool {directory} is in use by another iplookup-sensor ({e.Message})", e);
        }

        try
        {
            return new AlertSpool(directory, quotaBytes, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    public void Append(ReadOnlySpan<byte> message)
    {
        long size = SpoolRecord.HeaderBytes + message.Length;
        lock (_sync)
        {
            if (_segments[_writeSegment] > 0 && _segments[_writeSegment] + size > _segmentBytes)
            {
                Rotate();
            }

            while (_totalBytes + size > _quotaBytes && _segments.Count > 1)
            {
                DropOldestSegment();
            }

            if (_totalBytes + size > _quotaBytes && _segments[_writeSegment] > 0)
            {
                Rotate(); // the one segment left holds only old messages: let it go too
                DropOldestSegment();
            }

            SpoolRecord.Write(_writer, message);
            _segments[_writeSegment] += size;
            _totalBytes += size;
            _pending++;
            _unsynced.Add(_writeSegment);
        }

        _appended.Release();
    }

    /// <summary>Waits until something is appended, or the timeout passes.</summary>
    public bool WaitForAppend(TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            return _appended.Wait(timeout, cancel);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Up to <paramref name="max"/> unacknowledged messages, oldest first, from <paramref name="from"/> when given
    /// (after messages sent but not yet acknowledged); made durable before they are returned.
    /// </summary>
    public List<SpooledMessage> ReadPending(int max, SpoolPosition? from = null)
    {
        // What to read and what to fsync is decided under the lock; the disk work is done outside it, so an alert
        // raised on a capture thread never waits for an fsync.
        List<(long Segment, long Start, long End)> plan = [];
        long[] unsynced;
        lock (_sync)
        {
            unsynced = [.. _unsynced];
            _unsynced.Clear();
            SpoolPosition position = from is { } start && start > _cursor ? start : _cursor;
            foreach ((long segment, long bytes) in _segments)
            {
                if (segment >= position.Segment && bytes > (segment == position.Segment ? position.Offset : 0))
                {
                    plan.Add((segment, segment == position.Segment ? position.Offset : 0, bytes));
                }
            }
        }

        foreach (long segment in unsynced)
        {
            FlushToDisk(segment);
        }

        var batch = new List<SpooledMessage>();
        foreach ((long segment, long start, long end) in plan)
        {
            try
            {
                using FileStream file = OpenForRead(segment);
                file.Position = start;
                while (batch.Count < max && file.Position < end && SpoolRecord.TryRead(file) is byte[] message)
                {
                    batch.Add(new SpooledMessage(message, new SpoolPosition(segment, file.Position)));
                }
            }
            catch (FileNotFoundException)
            {
                break; // the quota dropped it meanwhile: the next read starts after it
            }

            if (batch.Count == max)
            {
                break;
            }
        }

        return batch;
    }

    /// <summary>
    /// The first <paramref name="count"/> pending messages, ending at <paramref name="next"/>, were sent.
    /// </summary>
    public void Acknowledge(SpoolPosition next, int count)
    {
        lock (_sync)
        {
            if (next <= _cursor)
            {
                return; // the quota dropped them meanwhile
            }

            _cursor = next;
            _pending -= count;
            if (_pending == 0 && _cursor.Segment == _writeSegment)
            {
                Rotate(); // everything is sent: start afresh, so the spool's size says what waits
                _cursor = new SpoolPosition(_writeSegment, 0);
            }

            while (_segments.Count > 1 && _segments.First().Key < _cursor.Segment)
            {
                DeleteSegment(_segments.First().Key);
            }

            _cursorChanged = true;
        }

        SaveCursor();
    }

    /// <summary>
    /// Dropped messages not yet reported to the collector; reported with <see cref="ReportedDrops"/>.
    /// </summary>
    public long UnreportedDrops
    {
        get
        {
            lock (_sync)
            {
                return _unreportedDrops;
            }
        }
    }

    public void ReportedDrops(long count)
    {
        lock (_sync)
        {
            _unreportedDrops -= count;
            _cursorChanged = true;
        }

        SaveCursor();
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _writer.Flush(flushToDisk: true);
            _writer.Dispose();
            _cursorChanged = true;
        }

        SaveCursor();

        _appended.Dispose();
        _lock.Dispose();
    }

    private void Recover()
    {
        foreach (string file in System.IO.Directory.EnumerateFiles(_directory, "*" + SegmentExtension))
        {
            if (
                long.TryParse(
                    Path.GetFileNameWithoutExtension(file),
                    NumberStyles.None,
                    CultureInfo.InvariantCulture,
                    out long number
                )
            )
            {
                _segments[number] = new FileInfo(file).Length;
            }
        }

        if (_segments.Count == 0)
        {
            _segments[1] = 0;
        }

        _writeSegment = _segments.Keys.Max();
        _cursor = new SpoolPosition(_segments.First().Key, 0);
        string cursorPath = Path.Combine(_directory, CursorFile);
        if (File.Exists(cursorPath))
        {
            string[] fields = File.ReadAllText(cursorPath)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (
                fields.Length == 3
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long segment)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long offset)
                && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long unreported)
            )
            {
                _unreportedDrops = unreported;
                if (_segments.ContainsKey(segment))
                {
                    _cursor = new SpoolPosition(segment, offset);
                }
            }
        }

        // Count what is left to send, and cut every segment at its last whole record (a crash mid-append).
        foreach (long number in _segments.Keys.ToList())
        {
            long valid = 0;
            using (FileStream segment = OpenForRead(number))
            {
                while (SpoolRecord.TryRead(segment) is not null)
                {
                    valid = segment.Position;
                    if (new SpoolPosition(number, valid) > _cursor)
                    {
                        _pending++;
                    }
                }
            }

            if (valid < _segments[number])
            {
                using var truncate = new FileStream(
                    SegmentPath(number),
                    FileMode.Open,
                    FileAccess.Write,
                    FileShare.ReadWrite | FileShare.Delete
                );
                truncate.SetLength(valid);
                _segments[number] = valid;
            }

            _totalBytes += valid;
        }
    }

    private void Rotate()
    {
        _writer.Dispose(); // the sender fsyncs it before reading from it
        _writeSegment++;
        _segments[_writeSegment] = 0;
        _writer = OpenForAppend(_writeSegment);
    }

    private void DropOldestSegment()
    {
        long oldest = _segments.First().Key;
        long unsent = 0;
        if (oldest >= _cursor.Segment)
        {
            using FileStream segment = OpenForRead(oldest);
            segment.Position = oldest == _cursor.Segment ? _cursor.Offset : 0;
            while (SpoolRecord.TryRead(segment) is not null)
            {
                unsent++;
            }
        }

        DeleteSegment(oldest);
        if (_cursor.Segment <= oldest)
        {
            _cursor = new SpoolPosition(_segments.First().Key, 0);
        }

        _pending -= unsent;
        _dropped += unsent;
        _unreportedDrops += unsent;
        _cursorChanged = true; // saved by the sender's next SaveCursor, off the capture thread
    }

    private void DeleteSegment(long number)
    {
        _totalBytes -= _segments[number];
        _segments.Remove(number);
        _unsynced.Remove(number);
        File.Delete(SegmentPath(number));
    }

    /// <summary>Writes the cursor and the unreported drop count, if they changed, by an atomic replace.</summary>
    public void SaveCursor()
    {
        lock (_cursorFile)
        {
            string text;
            lock (_sync)
            {
                if (!_cursorChanged)
                {
                    return;
                }

                _cursorChanged = false;
                text = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{_cursor.Segment} {_cursor.Offset} {_unreportedDrops}\n"
                );
            }

            string path = Path.Combine(_directory, CursorFile);
            string temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(System.Text.Encoding.ASCII.GetBytes(text));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
    }

    private void FlushToDisk(long segment)
    {
        try
        {
            using var file = new FileStream(
                SegmentPath(segment),
                FileMode.Open,
                FileAccess.ReadWrite,
                FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0
            );
            file.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // Dropped by the quota meanwhile.
        }
    }

    private string SegmentPath(long number) =>
        Path.Combine(_directory, number.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension);

    private FileStream OpenForAppend(long number) =>
        new(
            SegmentPath(number),
            FileMode.Append,
            FileAccess.Write,
            FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 0
        );

    private FileStream OpenForRead(long number) =>
        new(
            SegmentPath(number),
            FileMode.OpenOrCreate,
            FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 4096
        );
}
