namespace IpLookupSensor.Sensor.Capture.Files;

/// <summary>
/// A small blocking queue between two threads that allocates nothing per call: BlockingCollection links a token
/// source on every call with a token, and a replay makes two calls per megabyte (1.2 KB per 1M packets, enough
/// garbage to keep growing the heap for 30M packets before the first collection).
/// </summary>
internal sealed class Handoff<T>(int capacity)
{
    private readonly Queue<T> _items = new(capacity);
    private bool _closed;

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Enqueue(item);
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Waits for an item; false once <see cref="Close"/> was called and nothing is left.</summary>
    public bool TryTake(out T item)
    {
        lock (_items)
        {
            while (_items.Count == 0 && !_closed)
            {
                Monitor.Wait(_items);
            }

            return _items.TryDequeue(out item!);
        }
    }

    public void Close()
    {
        lock (_items)
        {
            _closed = true;
            Monitor.PulseAll(_items);
        }
    }
}
