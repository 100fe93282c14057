using System.Diagnostics;
using System.Globalization;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;
using IpLookupSensor.Sensor.Alerting.Syslog.Spool;
using IpLookupSensor.Sensor.Alerting.Syslog.Transport;

namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>
/// One destination: alerts are formatted and spooled on the caller's thread, and a thread of its own sends them in
/// order, acknowledging each batch once written to the socket. A dead collector only ever delays its own worker.
/// </summary>
internal sealed class DestinationWorker : IDisposable
{
    private const int BatchSize = 256;

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

    public DestinationWorker(SyslogDestination destination, SenderIdentity sender, AlertSpool spool, long quotaBytes, Action<string> log)
    {
        _destination = destination;
        _formatter = AlertFormatters.For(destination, sender);
        _connector = new SyslogConnector(destination);
        _spool = spool;
        _quotaBytes = quotaBytes;
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = "syslog " + destination.Uri };
    }

    public SyslogDestination Destination => _destination;

    public DestinationCounters Counters { get; } = new();

    public AlertSpool Spool => _spool;

    public void Start()
    {
        if (_spool.Pending > 0)
        {
            _log($"syslog {_destination.Uri}: {_spool.Pending} alerts from an earlier run wait in {_spool.Directory}; sending them first");
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

    /// <summary>Sends what is left for at most <paramref name="drain"/>, then closes; what is unsent stays spooled.</summary>
    public void BeginStop(TimeSpan drain)
    {
        Interlocked.Exchange(ref _drainDeadline, Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency));
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
            if (_connection is null && !TryConnect())
            {
                Pause(_backoff.Next());
                continue;
            }

            if (_connection!.Failure is string failure)
            {
                Down(failure, 0);
                continue;
            }

            if (_spool.UnreportedDrops is long dropped and > 0 && !TrySend([SpoolDropAlertMessage(dropped)], () => _spool.ReportedDrops(dropped)))
            {
                continue;
            }

            List<SpooledMessage> batch = _spool.ReadPending(BatchSize);
            if (batch.Count == 0)
            {
                if (!Stopping)
                {
                    _spool.WaitForAppend(TimeSpan.FromSeconds(1), _stopping.Token);
                }

                continue;
            }

            TrySend(batch.ConvertAll(m => m.Message), null, batch);
        }

        _connection?.Dispose();
        _connection = null;
    }

    private byte[] SpoolDropAlertMessage(long dropped)
    {
        lock (_formatLock)
        {
            _sequenceId = _sequenceId >= int.MaxValue ? 1 : _sequenceId + 1;
            return _formatter.Format(SpoolDropAlert.Create(dropped, _destination, _quotaBytes, DateTime.UtcNow), _sequenceId);
        }
    }

    /// <summary>Writes the messages; acknowledges in the spool those written, even when a failure stops the rest.</summary>
    private bool TrySend(List<byte[]> messages, Action? onSent, List<SpooledMessage>? spooled = null)
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
            return true;
        }
        catch (IOException e)
        {
            Down(e.InnerException?.Message ?? e.Message, messages.Count - written);
            return false;
        }
        finally
        {
            if (written > 0)
            {
                Counters.AddSent(written);
                if (spooled is not null)
                {
                    _spool.Acknowledge(spooled[written - 1].Next, written);
                }
                else if (written == messages.Count)
                {
                    onSent?.Invoke();
                }
            }
        }
    }

    private bool TryConnect()
    {
        try
        {
            _connection = _connector.Connect(_abort.Token);
        }
        catch (SyslogConnectException e)
        {
            Down(e.Message, 0);
            return false;
        }

        if (_downSince >= 0)
        {
            _log(string.Create(CultureInfo.InvariantCulture,
                $"syslog {_destination.Uri}: up again after {Stopwatch.GetElapsedTime(_downSince).TotalSeconds:F1} s; {_spool.Pending} alerts to send"));
            _downSince = -1;
        }

        _backoff.Reset();
        return true;
    }

    private void Down(string reason, int unsent)
    {
        Counters.AddFailed();
        Counters.AddRetried(unsent);
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
