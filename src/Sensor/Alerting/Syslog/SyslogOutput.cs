using System.Globalization;
using IpLookupSensor.Sensor.Alerting.Syslog.Formatting;
using IpLookupSensor.Sensor.Alerting.Syslog.Spool;
using IpLookupSensor.Sensor.Alerting.Syslog.Transport;

namespace IpLookupSensor.Sensor.Alerting.Syslog;

/// <summary>
/// Every configured destination, each with its own spool folder (named after its URI, so a restart finds it again)
/// and its own sending thread.
/// </summary>
internal sealed class SyslogOutput : IAlertSink, IDisposable
{
    private readonly List<DestinationWorker> _workers = [];
    private readonly Action<string> _log;
    private long _spoolFailures;

    public SyslogOutput(
        IReadOnlyList<SyslogDestination> destinations,
        string spoolRoot,
        long quotaBytes,
        Action<string> log,
        TimeSpan? confirmationWindow = null
    )
    {
        _log = log;
        var sender = SenderIdentity.ForThisProcess();
        try
        {
            foreach (SyslogDestination destination in destinations)
            {
                // reads the TLS files: a bad one must not leave a spool behind
                var connector = new SyslogConnector(destination);
                AlertSpool spool = OpenSpool(Path.Combine(spoolRoot, FolderName(destination)), quotaBytes);
                try
                {
                    _workers.Add(
                        new DestinationWorker(
                            destination,
                            connector,
                            sender,
                            spool,
                            quotaBytes,
                            log,
                            confirmationWindow ?? DestinationWorker.DefaultConfirmationWindow
                        )
                    );
                }
                catch
                {
                    spool.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        _workers.ForEach(w => w.Start());
    }

    /// <summary>How long a stop waits, by default, for every destination to take what is spooled.</summary>
    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(10);

    public IReadOnlyList<DestinationWorker> Destinations => _workers;

    public void Publish(Alert alert)
    {
        foreach (DestinationWorker worker in _workers)
        {
            try
            {
                worker.Enqueue(alert);
            }
            catch (IOException e)
            {
                // A full or failing disk: say so on the first loss and every 100th, not on each.
                long failures = Interlocked.Increment(ref _spoolFailures);
                if (failures == 1 || failures % 100 == 0)
                {
                    _log(
                        $"syslog {worker.Destination.Uri}: cannot write to the spool ({e.Message}); alert {alert.Id} "
                            + $"is lost ({failures} so far)"
                    );
                }
            }
        }
    }

    /// <summary>Gives every destination up to <paramref name="drain"/> to send what is spooled, all at once.</summary>
    public void Complete(TimeSpan drain)
    {
        _workers.ForEach(w => w.BeginStop(drain));
        _workers.ForEach(w => w.WaitStopped());
    }

    /// <summary>One line per destination with its counters, and where unsent alerts wait.</summary>
    public IEnumerable<string> Summary()
    {
        foreach (DestinationWorker worker in _workers)
        {
            DestinationCounters c = worker.Counters;
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"syslog {worker.Destination.Uri}: queued {c.Queued}, sent {c.Sent}, failed {c.Failed}, retried "
                    + $"{c.Retried}, dropped {worker.Spool.Dropped}, spool {worker.Spool.Bytes} bytes "
                    + $"({worker.Spool.Pending} unsent)"
            );
            if (worker.Spool.Pending > 0)
            {
                yield return string.Create(
                    CultureInfo.InvariantCulture,
                    $"syslog {worker.Destination.Uri}: {worker.Spool.Pending} alerts stay in "
                        + $"{worker.Spool.Directory}; the next start sends them first"
                );
            }
        }
    }

    public void Dispose() => _workers.ForEach(w => w.Dispose());

    /// <summary>
    /// Where and in which format: changing TLS options (adding the client certificate a collector asked for) keeps
    /// the spool, so what waited in it is sent once the destination works.
    /// </summary>
    public static string FolderName(SyslogDestination destination) =>
        new([
            .. $"{destination.Transport}-{destination.Host}-{destination.Port}-{destination.Format}"
                .ToLowerInvariant()
                .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'),
        ]);

    private static AlertSpool OpenSpool(string directory, long quotaBytes)
    {
        try
        {
            return AlertSpool.Open(directory, quotaBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SyslogConfigurationException(
                $"--spool {Path.GetDirectoryName(directory)}: {e.Message}; give a folder this user can write, used "
                    + $"by no other sensor"
            );
        }
    }
}
