using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// Hands rule candidates (and connections the resolver correlator watches for) from the capture threads to one
/// attribution thread, so /proc reads never hold up capture. Bounded: when it is full the caller gets false at
/// once (never waits) and treats the event as overloaded. Slots are allocated up front and copy the DNS message's
/// bytes, so a queued event allocates nothing.
/// </summary>
internal sealed class AttributionQueue : IDisposable
{
    public const int DefaultCapacity = 1024;

    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    private readonly Slot[] _slots;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Thread _thread;
    private readonly DnsMessage _message = new();
    private readonly DnsEvent _event;
    private IAttributionWorker? _worker;
    private int _head;
    private int _count;
    private int _busy;
    private volatile bool _stopping;

    public AttributionQueue(int capacity = DefaultCapacity)
    {
        _slots = [.. Enumerable.Range(0, capacity).Select(_ => new Slot())];
        _event = new DnsEvent(_message);
        _thread = new Thread(Run) { IsBackground = true, Name = "attribution" };
    }

    /// <summary>
    /// Starts the thread that decodes each queued message again and hands it to <paramref name="worker"/>.
    /// </summary>
    public void Start(IAttributionWorker worker)
    {
        _worker = worker;
        _thread.Start();
    }

    /// <param name="answerOnly">A response queued for the correlator only, behind its query.</param>
    public bool TryEnqueue(DnsEvent e, ReadOnlySpan<byte> wire, bool answerOnly = false)
    {
        lock (_lock)
        {
            if (_count == _slots.Length)
            {
                return false;
            }

            Slot slot = _slots[(_head + _count) % _slots.Length];
            slot.Event.CopyFrom(e, wire);
            (slot.Connection, slot.AnswerOnly) = (null, answerOnly);
            _count++;
        }

        _ready.Release();
        return true;
    }

    public bool TryEnqueue(ConnectionAttempt connection)
    {
        lock (_lock)
        {
            if (_count == _slots.Length)
            {
                return false;
            }

            _slots[(_head + _count) % _slots.Length].Connection = connection;
            _count++;
        }

        _ready.Release();
        return true;
    }

    /// <summary>Waits until every queued event was processed (a stop, the end of a capture).</summary>
    public void Drain()
    {
        while (Volatile.Read(ref _count) > 0 || Volatile.Read(ref _busy) > 0)
        {
            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _ready.Release();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _ready.Dispose();
    }

    private void Run()
    {
        long lastTick = Environment.TickCount64;
        while (true)
        {
            bool ready = _ready.Wait(TickInterval);
            if (_stopping)
            {
                return;
            }

            if (ready)
            {
                Process();
            }

            if (!ready || Environment.TickCount64 - lastTick >= TickInterval.TotalMilliseconds)
            {
                lastTick = Environment.TickCount64;
                _worker!.OnTick();
            }
        }
    }

    private void Process()
    {
        Slot slot;
        lock (_lock)
        {
            slot = _slots[_head];
            _busy = 1; // until processed: Drain must not see an empty queue yet
        }

        ConnectionAttempt? connection = slot.Connection;
        bool decoded = connection is null && slot.Event.CopyTo(_event);
        if (connection is { } attempt)
        {
            Release();
            _worker!.OnQueuedConnection(attempt);
        }
        else
        {
            // Processed before its slot is freed: the worker may copy the slot's bytes to keep the event.
            if (decoded && slot.AnswerOnly)
            {
                _worker!.OnQueuedAnswer(_event);
            }
            else if (decoded)
            {
                _worker!.OnQueuedEvent(_event, slot.Event);
            }

            Release();
        }

        Volatile.Write(ref _busy, 0);
    }

    private void Release()
    {
        lock (_lock)
        {
            _head = (_head + 1) % _slots.Length;
            _count--;
        }
    }

    /// <summary>One queued item: an event (or a response for its answers only), or a connection attempt.</summary>
    private sealed class Slot
    {
        public EventCopy Event { get; } = new();

        public ConnectionAttempt? Connection { get; set; }

        public bool AnswerOnly { get; set; }
    }
}
