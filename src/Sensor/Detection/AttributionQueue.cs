using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// Hands rule candidates from the capture threads to one attribution thread, so /proc reads never hold up capture.
/// Bounded: when it is full the caller gets false at once (never waits) and treats the event as overloaded. Slots
/// are allocated up front and copy the DNS message's bytes, so a queued event allocates nothing.
/// </summary>
internal sealed class AttributionQueue : IDisposable
{
    public const int DefaultCapacity = 1024;

    private readonly Slot[] _slots;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Thread _worker;
    private readonly DnsMessage _message = new();
    private readonly DnsEvent _event;
    private Action<DnsEvent>? _process;
    private int _head;
    private int _count;
    private int _busy;
    private volatile bool _stopping;

    public AttributionQueue(int capacity = DefaultCapacity)
    {
        _slots = [.. Enumerable.Range(0, capacity).Select(_ => new Slot())];
        _event = new DnsEvent(_message);
        _worker = new Thread(Run) { IsBackground = true, Name = "attribution" };
    }

    /// <summary>Starts the thread that decodes each queued message again and hands its event to <paramref name="process"/>.</summary>
    public void Start(Action<DnsEvent> process)
    {
        _process = process;
        _worker.Start();
    }

    public bool TryEnqueue(DnsEvent e, ReadOnlySpan<byte> wire)
    {
        lock (_lock)
        {
            if (_count == _slots.Length)
            {
                return false;
            }

            _slots[(_head + _count) % _slots.Length].CopyFrom(e, wire);
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
        if (_worker.IsAlive)
        {
            _worker.Join();
        }

        _ready.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            _ready.Wait();
            if (_stopping)
            {
                return;
            }

            Slot slot;
            lock (_lock)
            {
                slot = _slots[_head];
                _busy = 1; // until processed: Drain must not see an empty queue yet
            }

            bool decoded = slot.CopyTo(_event);
            lock (_lock)
            {
                _head = (_head + 1) % _slots.Length;
                _count--;
            }

            if (decoded)
            {
                _process!(_event);
            }

            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>One queued event: the message's bytes and what the pipeline knew about its packet.</summary>
    private sealed class Slot
    {
        private byte[] _wire = new byte[512];
        private int _length;
        private long _timestamp;
        private TimestampPrecision _precision;
        private Transport _transport;
        private IpAddressValue _source;
        private IpAddressValue _destination;
        private ushort _sourcePort;
        private ushort _destinationPort;
        private int _questionIndex;

        public void CopyFrom(DnsEvent e, ReadOnlySpan<byte> wire)
        {
            if (wire.Length > _wire.Length)
            {
                _wire = new byte[Math.Max(wire.Length, _wire.Length * 2)]; // once per slot, for the largest message it held
            }

            wire.CopyTo(_wire);
            (_length, _timestamp, _precision, _transport) = (wire.Length, e.Timestamp, e.Precision, e.Transport);
            (_source, _destination, _sourcePort, _destinationPort, _questionIndex) = (e.SourceIp, e.DestinationIp, e.SourcePort, e.DestinationPort, e.QuestionIndex);
        }

        public bool CopyTo(DnsEvent e)
        {
            e.Timestamp = _timestamp;
            e.Precision = _precision;
            e.Transport = _transport;
            e.SetAddresses(_source, _destination);
            e.SourcePort = _sourcePort;
            e.DestinationPort = _destinationPort;
            e.QuestionIndex = _questionIndex;
            e.ClearAttribution();
            return DnsMessageDecoder.Decode(_wire.AsSpan(0, _length), e.Message) == Pipeline.SkipReason.None; // decoded once already
        }
    }
}
