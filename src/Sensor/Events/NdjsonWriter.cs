using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IpLookupSensor.Sensor.Events;

/// <summary>
/// Writes JSON documents one per line to a stream, from any number of capture threads. The JSON writer and its
/// buffer are reused, so a document costs no allocation.
/// </summary>
internal sealed class NdjsonWriter : IDisposable
{
    /// <summary>
    /// Names are already escaped to printable ASCII: keep them readable (no \u0022 for quotes). This encoder still
    /// escapes control characters, quotes, backslashes, line separators and BOMs.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly Stream _output;
    private readonly bool _flushEachLine;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly Lock _lock = new();

    public NdjsonWriter(Stream output, bool flushEachLine)
    {
        _output = output;
        _flushEachLine = flushEachLine;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    public long Lines { get; private set; }

    /// <summary>Writes one document; <paramref name="write"/> emits exactly one JSON value.</summary>
    public void WriteLine<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        lock (_lock)
        {
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            write(_json, state);
            _json.Flush();
            _output.Write(_buffer.WrittenSpan);
            _output.WriteByte((byte)'\n');
            Lines++;
            if (_flushEachLine)
            {
                _output.Flush();
            }
        }
    }

    /// <summary>Writes a document that is already JSON on one line.</summary>
    public void WriteLine(ReadOnlySpan<byte> json)
    {
        lock (_lock)
        {
            _output.Write(json);
            _output.WriteByte((byte)'\n');
            Lines++;
            if (_flushEachLine)
            {
                _output.Flush();
            }
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            _output.Flush();
        }
    }

    public void Dispose()
    {
        Flush();
        _json.Dispose();
    }
}
