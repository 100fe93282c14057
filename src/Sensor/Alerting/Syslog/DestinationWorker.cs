using System.Diagnostics;
using System.Globalization;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;
using IpLookupSensor.Sensor.Alerting.Syslog.Spool;
using IpLookupSensor.Sensor.Alerting.Syslog.Transport;

namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>
/// One destination: alerts are formatted and spooled on the caller's thread, and a thread of its own sends them in
/// order, acknowledging them once written to the socket and not refused right after. A dead collector only ever
/// delays its own worker.
/// </summary>
internal sealed class DestinationWorker : IDisposable
{
    private const int BatchSize = 256;

    /// <summary>
    /// How long a written message waits before it is acknowledged (see <see cref="ConfirmDelivered"/>).
    /// </summary>
    public static readonly TimeSpan DefaultConfirmationWindow = TimeSpan.FromSeconds(1);

    private readonly SyslogDestination _destination;
    private readonly IAlertFormatter _formatter;
    private readonly AlertSpool _spool;
    private readonly long _quotaBytes;
    private readonly SyslogConnector _connector;
    private readonly Action<string> _log;
    private readonly Backoff _backoff = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new(); // at the drain deadline: cuts a connect short
    private readonly Lock _formatLock = new();
    private readonly Thread _thread;
    private ISyslogConnection? _connection;
    private long _sequenceId;
    private long _drainDeadline = long.MaxValue;
    private long _downSince = -1;
    private SpoolPosition? _readFrom;
    private readonly Queue<(SpoolPosition Next, int Count, long WrittenAt)> _unconfirmed = new();

    private readonly TimeSpan _confirmationWindow;

    public DestinationWorker(
        SyslogDestination destination,
        SyslogConnector connector,
        SenderIdentity sender,
        AlertSpool spool,
        long quotaBytes,
        Action<string> log,
        TimeSpan confirmationWindow
    )
    {
        _confirmationWindow = confirmationWindow;
        _destination = destination;
        _formatter = AlertFormatters.For(destination, sender);
        _connector = connector;
        _spool = spool;
        _quotaBytes = quotaBytes;
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = "syslog " + destination.Uri };

        // Past the drain deadline a send blocked on a collector that stopped reading must not hold the stop:
        // closing the connection ends it (what was not acknowledged stays spooled).
        _abort.Token.Register(() => Volatile.Read(ref _connection)?.Dispose());
    }

    public SyslogDestination Destination => _destination;

    public DestinationCounters Counters { get; } = new();

    public AlertSpool Spool => _spool;

    public void Start()
    {
        if (_spool.Pending > 0)
        {
            _log(
                $"syslog {_destination.Uri}: {_spool.Pending} alerts from an earlier run wait in {_spool.Directory}; "
                    + $"sending them first"
            );
        }

        _thread.Start();
    }

    public void Enqueue(Alert alert)
    {
        lock (_formatLock) // sequence ids in spool order
        {
            // RFC 5424 §7.3.1: 1 to 2147483647, then 1 again.
            _sequenceId = _sequenceId >= int.MaxValue ? 1 : _sequenceId + 1;
            _spool.Append(_formatter.Format(alert, _sequenceId));
        }

        Counters.AddQueued();
    }

    /// <summary>
    /// Sends what is left for at most <paramref name="drain"/>, then closes; what is unsent stays spooled.
    /// </summary>
    public void BeginStop(TimeSpan drain)
    {
        Interlocked.Exchange(
            ref _drainDeadline,
            Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency)
        );
        _abort.CancelAfter(drain);
        _stopping.Cancel();
    }

    public void WaitStopped() => _thread.Join();

    public void Dispose()
    {
        if (!_stopping.IsCancellationRequested)
        {
            BeginStop(TimeSpan.Zero);
        }

        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _connection?.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
        _spool.Dispose();
    }

    private bool Stopping => _stopping.IsCancellationRequested;

    private bool PastDeadline => Stopwatch.GetTimestamp() >= Interlocked.Read(ref _drainDeadline);

    private void Run()
    {
        while (!(Stopping && (PastDeadline || (_spool.Pending == 0 && _spool.UnreportedDrops == 0))))
        {
            try
            {
                Step();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever went wrong with this destination, the sensor goes on and the spool keeps the alerts.
                Down($"unexpected {e.GetType().Name}: {e.Message}");
                Pause(_backoff.Next());
            }
        }

        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>One turn of the sender: connect, report drops, send a batch, or wait.</summary>
    private void Step()
    {
        _spool.SaveCursor(); // if the quota dropped a segment meanwhile
        if (_connection is null && _spool.Pending == 0 && _spool.UnreportedDrops == 0)
        {
            _spool.WaitForAppend(TimeSpan.FromSeconds(1), _stopping.Token); // connect only with something to send
            return;
        }

        if (_connection is null && !TryConnect())
        {
            Pause(_backoff.Next());
            return;
        }

        if (_connection!.Failure is string failure)
        {
            Down(failure);
            return;
        }

        ConfirmDelivered();
        if (_spool.UnreportedDrops is long dropped and > 0 && _unconfirmed.Count == 0)
        {
            if (TrySend([SpoolDropAlertMessage(dropped)]) == 1)
            {
                _spool.ReportedDrops(dropped);
            }

            return;
        }

        List<SpooledMessage> batch = _spool.ReadPending(BatchSize, _readFrom);
        if (batch.Count == 0)
        {
            // Unconfirmed messages are acknowledged after the confirmation window: look again soon.
            TimeSpan wait = _unconfirmed.Count > 0 ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromSeconds(1);
            if (!Stopping)
            {
                _spool.WaitForAppend(wait, _stopping.Token);
            }
            else if (_unconfirmed.Count > 0)
            {
                Thread.Sleep(wait);
            }

            return;
        }

        int written = TrySend(batch.ConvertAll(m => m.Message));
        if (written > 0 && _connection is not null) // after a failure everything goes again from the cursor
        {
            _readFrom = batch[written - 1].Next;
            _unconfirmed.Enqueue((batch[written - 1].Next, written, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>
    /// Acknowledges what was written long enough ago on a connection that is still up. A collector that closes or
    /// resets the connection (a restart, a TLS 1.3 client-certificate rejection) is noticed within that window, and
    /// what it may not have read is sent again rather than lost; alert ids let it drop a copy.
    /// </summary>
    private void ConfirmDelivered()
    {
        long window =
            _destination.Transport == SyslogTransport.Udp
                ? 0
                : (long)(_confirmationWindow.TotalSeconds * Stopwatch.Frequency);
        int count = 0;
        SpoolPosition confirmed = default;
        while (
            _unconfirmed.TryPeek(out (SpoolPosition Next, int Count, long WrittenAt) sent)
            && Stopwatch.GetTimestamp() - sent.WrittenAt >= window
            && _connection is { Failure: null }
        )
        {
            (confirmed, count) = (sent.Next, count + sent.Count);
            _unconfirmed.Dequeue();
        }

        if (count > 0)
        {
            _spool.Acknowledge(confirmed, count);
        }
    }

    private byte[] SpoolDropAlertMessage(long dropped)
    {
        lock (_formatLock)
        {
            _sequenceId = _sequenceId >= int.MaxValue ? 1 : _sequenceId + 1;
            return _formatter.Format(
                SpoolDropAlert.Create(dropped, _destination, _quotaBytes, DateTime.UtcNow),
                _sequenceId
            );
        }
    }

    /// <summary>Writes the messages in order; returns how many were written before a failure, if one came.</summary>
    private int TrySend(List<byte[]> messages)
    {
        int written = 0;
        try
        {
            foreach (byte[] message in messages)
            {
                _connection!.Send(message);
                written++;
            }

            _connection!.Flush();
        }
        catch (IOException e)
        {
            Counters.AddRetried(written);
            Down(e.InnerException?.Message ?? e.Message);
        }

        Counters.AddSent(written);
        return written;
    }

    private bool TryConnect()
    {
        try
        {
            _connection = _connector.Connect(_abort.Token);
        }
        catch (SyslogConnectException e)
        {
            Down(e.Message);
            return false;
        }

        if (_downSince >= 0)
        {
            _log(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"syslog {_destination.Uri}: up again after "
                        + $"{Stopwatch.GetElapsedTime(_downSince).TotalSeconds:F1} s; {_spool.Pending} alerts to send"
                )
            );
            _downSince = -1;
        }

        _backoff.Reset();
        return true;
    }

    private void Down(string reason)
    {
        // Everything not acknowledged goes again, from the spool's cursor.
        Counters.AddFailed();
        Counters.AddRetried(_unconfirmed.Sum(u => u.Count));
        _unconfirmed.Clear();
        _readFrom = null;
        _connection?.Dispose();
        _connection = null;
        if (_downSince < 0)
        {
            _downSince = Stopwatch.GetTimestamp();
            _log($"syslog {_destination.Uri}: down: {reason}; {_spool.Pending} alerts wait in the spool, retrying");
        }
    }

    private void Pause(TimeSpan delay)
    {
        if (Stopping)
        {
            // Draining: retry until the deadline, not past it.
            long left = Interlocked.Read(ref _drainDeadline) - Stopwatch.GetTimestamp();
            delay = TimeSpan.FromSeconds(Math.Clamp((double)left / Stopwatch.Frequency, 0, delay.TotalSeconds));
            Thread.Sleep(delay);
            return;
        }

        _stopping.Token.WaitHandle.WaitOne(delay);
    }
}
