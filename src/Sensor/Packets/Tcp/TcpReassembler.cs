using System.Buffers.Binary;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Packets.Tcp;

/// <summary>
/// Rebuilds the 2-byte length-prefixed DNS messages of RFC 1035 §4.2.2 (RFC 7766) from TCP segments: out-of-order
/// segments wait for the gap, retransmissions and overlaps are trimmed, several messages per segment and one
/// message across many segments both work. Memory is bounded per flow, in total and in flow count.
/// </summary>
internal sealed class TcpReassembler
{
    private readonly Dictionary<TcpFlowKey, TcpFlow> _flows = [];

    // Least recently seen first: evicting at the flow limit is O(1), so a flood of new flows costs no more per
    // packet than ordinary traffic.
    private readonly LinkedList<TcpFlow> _recency = new();

    // Ended flows are reused, so new connections allocate nothing; a few hundred cover any realistic churn and
    // bound what idle flows hold to MaxFreeFlows * TcpFlow.RetainedBufferSize.
    private const int MaxFreeFlows = 256;
    private readonly Stack<TcpFlow> _freeFlows = new();
    private readonly TcpReassemblyOptions _options;
    private readonly long _idleNanoseconds;
    private long _totalBytes;
    private long _nextSweep;

    public TcpReassembler(TcpReassemblyOptions options)
    {
        _options = options;
        _idleNanoseconds = (long)options.IdleTimeout.TotalMicroseconds * 1000;
    }

    public int FlowCount => _flows.Count;

    public long BufferedBytes => _totalBytes;

    public void Process(ref TransportSegment segment, long timestamp, int interfaceId, ITcpMessageHandler handler)
    {
        SweepIdle(timestamp, handler);
        var key = new TcpFlowKey(
            segment.Source,
            segment.Destination,
            segment.SourcePort,
            segment.DestinationPort,
            interfaceId
        );
        bool closing = (segment.TcpFlags & (TcpFlags.Fin | TcpFlags.Rst)) != 0;

        if ((segment.TcpFlags & TcpFlags.Syn) != 0)
        {
            // A new connection on this 4-tuple: data starts at ISN + 1.
            TcpFlow started = GetOrAddFlow(key, timestamp, handler);
            Reset(started);
            started.NextSequence = segment.TcpSequence + 1;
            return;
        }

        if (!_flows.TryGetValue(key, out TcpFlow? flow))
        {
            if (segment.Payload.IsEmpty || closing)
            {
                return;
            }

            // Capture began mid-connection: assume the first segment we see starts a message.
            flow = GetOrAddFlow(key, timestamp, handler);
            flow.NextSequence = segment.TcpSequence;
        }

        Touch(flow, timestamp);
        if (!segment.Payload.IsEmpty && !flow.Desynchronized)
        {
            Accept(flow, segment.TcpSequence, segment.Payload, handler);
        }

        if (closing)
        {
            Remove(key, flow, handler);
        }
    }

    /// <summary>Ends every flow, as at the end of a capture file.</summary>
    public void Flush(ITcpMessageHandler handler)
    {
        foreach (TcpFlow flow in _flows.Values)
        {
            Release(flow, handler);
            Recycle(flow);
        }

        _flows.Clear();
        _recency.Clear();
    }

    private void Accept(TcpFlow flow, uint sequence, ReadOnlySpan<byte> payload, ITcpMessageHandler handler)
    {
        int offset = (int)(sequence - flow.NextSequence);
        if (offset < 0)
        {
            if (offset + payload.Length <= 0)
            {
                handler.OnSkipped(SkipReason.TcpRetransmission);
                return;
            }

            payload = payload[-offset..]; // overlap with what we already have
            offset = 0;
        }

        if (offset > 0)
        {
            Hold(flow, sequence, payload, handler);
            return;
        }

        if (!Append(flow, payload, handler))
        {
            return;
        }

        DrainPending(flow, handler);
        Extract(flow, handler);
    }

    private void Hold(TcpFlow flow, uint sequence, ReadOnlySpan<byte> payload, ITcpMessageHandler handler)
    {
        if (
            flow.Pending.Count >= _options.MaxOutOfOrderSegments
            || flow.BufferedBytes + payload.Length > _options.MaxBytesPerFlow
        )
        {
            handler.OnSkipped(SkipReason.TcpOutOfOrderLimit);
            return;
        }

        if (_totalBytes + payload.Length > _options.MaxTotalBytes)
        {
            handler.OnSkipped(SkipReason.TcpMemoryLimit);
            return;
        }

        flow.AddPending(sequence, payload);
        _totalBytes += payload.Length;
    }

    /// <param name="moving">Bytes of <paramref name="data"/> already counted because they move from a pending
    /// segment.</param>
    private bool Append(TcpFlow flow, ReadOnlySpan<byte> data, ITcpMessageHandler handler, int moving = 0)
    {
        SkipReason refusal =
            flow.BufferedBytes - moving + data.Length > _options.MaxBytesPerFlow ? SkipReason.TcpFlowTooLarge
            : _totalBytes - moving + data.Length > _options.MaxTotalBytes ? SkipReason.TcpMemoryLimit
            : SkipReason.None;
        if (refusal != SkipReason.None)
        {
            // In-order data lost: the rest of this stream cannot be framed any more.
            handler.OnSkipped(refusal);
            Reset(flow);
            flow.Desynchronized = true;
            return false;
        }

        flow.Append(data);
        flow.NextSequence += (uint)data.Length;
        _totalBytes += data.Length;
        return true;
    }

    private void DrainPending(TcpFlow flow, ITcpMessageHandler handler)
    {
        for (int i = 0; i < flow.Pending.Count; )
        {
            TcpFlow.PendingSegment pending = flow.Pending[i];
            int overlap = (int)(flow.NextSequence - pending.Sequence);
            if (overlap < 0)
            {
                i++;
                continue;
            }

            // Append before releasing: the pending buffer must not go back to the pool while we read it.
            if (
                overlap < pending.Length
                && !Append(flow, pending.Data.AsSpan(overlap, pending.Length - overlap), handler, pending.Length)
            )
            {
                return; // the flow was reset, pending segments included
            }

            _totalBytes -= pending.Length;
            flow.RemovePendingAt(i);
            i = 0; // the gap moved: look again from the start
        }
    }

    private void Extract(TcpFlow flow, ITcpMessageHandler handler)
    {
        int consumed = 0;
        ReadOnlySpan<byte> data = flow.Data;
        while (data.Length - consumed >= 2)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[consumed..]);
            if (length == 0)
            {
                handler.OnSkipped(SkipReason.TcpEmptyMessage);
                consumed += 2;
                continue;
            }

            if (data.Length - consumed - 2 < length)
            {
                break;
            }

            handler.OnTcpMessage(data.Slice(consumed + 2, length));
            consumed += 2 + length;
        }

        if (consumed > 0)
        {
            flow.Consume(consumed);
            _totalBytes -= consumed;
        }
    }

    private TcpFlow GetOrAddFlow(TcpFlowKey key, long timestamp, ITcpMessageHandler handler)
    {
        if (_flows.TryGetValue(key, out TcpFlow? existing))
        {
            Touch(existing, timestamp);
            return existing;
        }

        if (_flows.Count >= _options.MaxFlows)
        {
            EvictLeastRecent(handler);
        }

        TcpFlow flow = _freeFlows.TryPop(out TcpFlow? free) ? free : new TcpFlow();
        flow.Key = key;
        flow.LastSeen = timestamp;
        _flows.Add(key, flow);
        _recency.AddLast(flow.RecencyNode);
        return flow;
    }

    private void Touch(TcpFlow flow, long timestamp)
    {
        flow.LastSeen = timestamp;
        if (flow.RecencyNode != _recency.Last)
        {
            _recency.Remove(flow.RecencyNode);
            _recency.AddLast(flow.RecencyNode);
        }
    }

    private void EvictLeastRecent(ITcpMessageHandler handler)
    {
        TcpFlow oldest = _recency.First!.Value;
        handler.OnSkipped(SkipReason.TcpFlowEvicted);
        Remove(oldest.Key, oldest, handler);
    }

    // Sweeps at most once a second of packet time, so the cost is independent of the packet rate.
    private void SweepIdle(long now, ITcpMessageHandler handler)
    {
        if (now < _nextSweep || _flows.Count == 0)
        {
            return;
        }

        _nextSweep = now + 1_000_000_000;
        long cutoff = now - _idleNanoseconds;
        foreach (KeyValuePair<TcpFlowKey, TcpFlow> entry in _flows)
        {
            if (entry.Value.LastSeen < cutoff)
            {
                Remove(entry.Key, entry.Value, handler); // removal while enumerating is allowed for Dictionary
            }
        }
    }

    private void Remove(TcpFlowKey key, TcpFlow flow, ITcpMessageHandler handler)
    {
        Release(flow, handler);
        _flows.Remove(key);
        _recency.Remove(flow.RecencyNode);
        Recycle(flow);
    }

    private void Recycle(TcpFlow flow)
    {
        if (_freeFlows.Count < MaxFreeFlows)
        {
            _freeFlows.Push(flow);
        }
    }

    private void Release(TcpFlow flow, ITcpMessageHandler handler)
    {
        if (flow.BufferedBytes > 0)
        {
            handler.OnSkipped(SkipReason.TcpStreamIncomplete);
        }

        Reset(flow);
    }

    private void Reset(TcpFlow flow)
    {
        _totalBytes -= flow.BufferedBytes;
        flow.Clear();
        flow.Desynchronized = false;
    }
}
