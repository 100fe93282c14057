using System.Buffers;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Transport;

/// <summary>
/// TCP or TLS: frames messages (octet counting or LF) and writes them in order. A read is kept pending the whole
/// time: a collector never sends, so its completion means the collector closed or reset the connection, or (TLS 1.3)
/// rejected our client certificate after the handshake.
/// </summary>
internal sealed class StreamSyslogConnection : ISyslogConnection
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly SyslogFraming _framing;
    private readonly ArrayBufferWriter<byte> _frame = new(4096);
    private readonly Task _watch;
    private volatile string? _failure;
    private int _disposed;

    public StreamSyslogConnection(TcpClient client, Stream stream, SyslogFraming framing)
    {
        _client = client;
        _stream = stream;
        _framing = framing;
        _watch = WatchAsync();
    }

    public string? Failure => _failure;

    /// <summary>
    /// Completes when the collector closes or breaks the connection, or after <paramref name="wait"/>.
    /// </summary>
    public bool ClosedWithin(TimeSpan wait) => _watch.Wait(wait) || _failure is not null;

    public void Send(ReadOnlySpan<byte> message)
    {
        if (_failure is not null)
        {
            throw new IOException(_failure);
        }

        _frame.ResetWrittenCount();
        if (_framing == SyslogFraming.OctetCounting)
        {
            Span<byte> count = _frame.GetSpan(12);
            message.Length.TryFormat(count, out int written, provider: CultureInfo.InvariantCulture);
            count[written++] = (byte)' ';
            _frame.Advance(written);
        }

        _frame.Write(message);
        if (_framing == SyslogFraming.LineFeed)
        {
            _frame.Write("\n"u8);
        }

        _stream.Write(_frame.WrittenSpan); // one TLS record per message, not one per fragment
    }

    public void Flush() => _stream.Flush();

    /// <summary>
    /// Closes once, from whichever thread gets here first (a stop may close a connection stuck in a send).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (_stream is SslStream tls && _failure is null)
            {
                tls.ShutdownAsync().Wait(TimeSpan.FromSeconds(2)); // close_notify (RFC 5425 §4.4)
            }

            _client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or AggregateException or ObjectDisposedException)
        {
            // Closing a connection that already failed: nothing more to say.
        }

        _stream.Dispose();
        _client.Dispose();
    }

    private async Task WatchAsync()
    {
        byte[] buffer = new byte[256];
        try
        {
            while (await _stream.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
                // A collector has nothing to say; ignore whatever it says.
            }

            _failure = "the collector closed the connection";
        }
        catch (Exception e)
            when (e
                    is IOException
                        or ObjectDisposedException
                        or InvalidOperationException
                        or System.Security.Authentication.AuthenticationException
            )
        {
            _failure = e.InnerException?.Message ?? e.Message;
        }
    }
}
