using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>
/// The capture threads' side of the correlation: the rule candidates queued for attribution whose responses have
/// not come yet (by transport, local port and message id), and the addresses those responses answered. Attribution
/// may lag far behind capture, so whether a query is a resolver's is not known yet when its response and the
/// client's connection arrive: both follow it through the queue when they may matter, and the correlator decides.
/// Bounded: a full table starts over, which costs at most a lookup left uncorrelated. One capture thread per
/// interface, hence the lock.
/// </summary>
internal sealed class LookupsInFlight(TimeSpan window, int capacity = LookupsInFlight.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly long _window = window.Ticks * 100;
    private readonly HashSet<(Transport, ushort, ushort)> _queries = new(capacity);
    private readonly Dictionary<IpAddressValue, long> _answered = new(capacity); // address → when last answered
    private readonly List<IpAddressValue> _addresses = [];
    private readonly Lock _lock = new();

    public void AddQuery(DnsEvent query)
    {
        lock (_lock)
        {
            if (_queries.Count >= capacity)
            {
                _queries.Clear();
            }

            _queries.Add((query.Transport, query.SourcePort, query.Message.Id));
        }
    }

    /// <summary>True once, for the response to a query added here; its answer addresses are remembered.</summary>
    public bool TryTakeResponse(DnsEvent response)
    {
        lock (_lock)
        {
            if (
                _queries.Count == 0
                || !_queries.Remove((response.Transport, response.DestinationPort, response.Message.Id))
            )
            {
                return false;
            }

            _addresses.Clear();
            AnswerAddresses.AddTo(response, _addresses);
            foreach (IpAddressValue address in _addresses)
            {
                if (_answered.Count >= capacity)
                {
                    _answered.Clear();
                }

                _answered[address] = response.Timestamp;
            }

            return true;
        }
    }

    /// <summary>
    /// Whether a response taken here answered <paramref name="address"/> within the window before
    /// <paramref name="timestamp"/>.
    /// </summary>
    public bool WasAnswered(IpAddressValue address, long timestamp)
    {
        lock (_lock)
        {
            return _answered.Count > 0
                && _answered.TryGetValue(address, out long answered)
                && timestamp - answered is >= 0 and var elapsed
                && elapsed <= _window;
        }
    }
}
