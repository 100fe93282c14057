namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>
/// Streams a file through one large reusable buffer and hands out spans of it, so record parsing neither copies
/// nor allocates per record and memory does not grow with the file.
/// </summary>
internal sealed class BufferedFileReader(FileStream stream) : IDisposable
{
    private const int DefaultBufferSize = 1 << 20;

    private byte[] _buffer = new byte[DefaultBufferSize];
    private int _start;
    private int _end;
    private bool _endOfFile;

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

    public void Dispose() => stream.Dispose();

    private void Fill(int count)
    {
        if (count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(count, _buffer.Length * 2));
        }

        int remaining = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
            _start = 0;
            _end = remaining;
        }

        while (_end < count)
        {
            int read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfFile = true;
                return;
            }

            _end += read;
        }
    }
}
