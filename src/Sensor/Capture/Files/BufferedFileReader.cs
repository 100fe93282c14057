using System.Runtime.ExceptionServices;

namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>
/// Streams a file through a few large reusable buffers and hands out spans of them, so record parsing neither copies
/// nor allocates per record and memory does not grow with the file. A second thread reads the next chunk while
/// the records of the current one are parsed, so read(2)'s copy out of the page cache is off the parsing thread
/// (replay of 10M packets, 1.3 GB: 1.35 → 1.30 s; bench/README.md). A file no larger than one chunk (a fixture, a
/// short trace) is read whole on the caller's thread instead: the thread and 3 MB of buffers would cost it more than
/// they save, and parsing it then runs the same way every time.
/// </summary>
/// <remarks>A span from <see cref="Peek"/> is valid until the next call to <see cref="Peek"/>.</remarks>
internal sealed class BufferedFileReader : IDisposable
{
    private const int ChunkSize = 1 << 20;
    private const int Headroom = 64 << 10; // room before a chunk for the start of a record the previous chunk cut
    private const int Buffers = 3; // the one being parsed, one ready, one being read

    private readonly Stream _stream;
    private readonly Handoff<Chunk> _filled = new(Buffers + 1); // the buffers, and an end or an error
    private readonly Handoff<byte[]> _empty = new(Buffers);
    private readonly Thread? _readAhead; // none for a small file
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private bool _endOfFile;

    public BufferedFileReader(Stream stream)
    {
        _stream = stream;
        if (stream.CanSeek && stream.Length <= ChunkSize)
        {
            return;
        }

        for (int i = 0; i < Buffers; i++)
        {
            _empty.Add(new byte[Headroom + ChunkSize]);
        }

        _readAhead = new Thread(ReadAhead) { IsBackground = true, Name = "capture file read-ahead" };
        _readAhead.Start();
    }

    /// <summary>File offset of the next unread byte.</summary>
    public long Position { get; private set; }

    /// <summary>Returns the next <paramref name="count"/> bytes, or fewer only where the file ends first.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_end - _start < count && !_endOfFile)
        {
            Fill(count);
        }

        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    public void Advance(int count)
    {
        _start += count;
        Position += count;
    }

    public void Dispose()
    {
        _empty.Close();
        _readAhead?.Join();
        _stream.Dispose();
    }

    private void Fill(int count)
    {
        if (_readAhead is null)
        {
            ReadWhole();
            return;
        }

        while (_end - _start < count && !_endOfFile)
        {
            _filled.TryTake(out Chunk next); // the reader always ends with an empty chunk or an error
            next.Error?.Throw();
            if (next.Length == 0)
            {
                _endOfFile = true;
                Recycle(next.Buffer);
                return;
            }

            int tail = _end - _start;
            if (tail <= Headroom)
            {
                _buffer.AsSpan(_start, tail).CopyTo(next.Buffer.AsSpan(Headroom - tail));
                Recycle(_buffer);
                (_buffer, _start, _end) = (next.Buffer, Headroom - tail, Headroom + next.Length);
                continue;
            }

            // A record longer than the headroom spans the two chunks (a jumbo frame, a large pcapng block): rare,
            // so one buffer of its own holds both.
            var joined = new byte[tail + next.Length];
            _buffer.AsSpan(_start, tail).CopyTo(joined);
            next.Buffer.AsSpan(Headroom, next.Length).CopyTo(joined.AsSpan(tail));
            Recycle(_buffer);
            Recycle(next.Buffer);
            (_buffer, _start, _end) = (joined, 0, joined.Length);
        }
    }

    private void ReadWhole()
    {
        var whole = new byte[_stream.Length]; // what the file held when it was opened: memory stays bounded
        int length = _stream.ReadAtLeast(whole, whole.Length, throwOnEndOfStream: false);
        (_buffer, _start, _end, _endOfFile) = (whole, 0, length, true);
    }

    private void Recycle(byte[] buffer)
    {
        if (buffer.Length == Headroom + ChunkSize)
        {
            _empty.Add(buffer);
        }
    }

    private void ReadAhead()
    {
        try
        {
            while (_empty.TryTake(out byte[] buffer))
            {
                int length = _stream.Read(buffer, Headroom, ChunkSize); // a file fills it; a pipe may give less for now
                _filled.Add(new Chunk(buffer, length, null));
                if (length == 0)
                {
                    return; // the end of the file
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            _filled.Add(new Chunk([], 0, ExceptionDispatchInfo.Capture(e)));
        }
    }

    private readonly record struct Chunk(byte[] Buffer, int Length, ExceptionDispatchInfo? Error);
}
