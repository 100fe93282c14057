using System.Buffers;

namespace IpLookupSensor.Sensor.Packets.Tcp;

/// <summary>
/// The reassembly state of one flow: contiguous bytes from the last extracted message boundary, and segments
/// that arrived ahead of a gap. A flow keeps a small buffer across reuse, enough for a typical message, so the
/// common case allocates nothing; larger buffers come from the shared pool and go back when the flow ends.
/// </summary>
internal sealed class TcpFlow
{
    /// <summary>What a pooled flow keeps: most DNS messages over TCP fit.</summary>
    public const int RetainedBufferSize = 4096;

    private readonly byte[] _retained = new byte[RetainedBufferSize];
    private byte[] _buffer;

    public TcpFlow()
    {
        _buffer = _retained;
        RecencyNode = new LinkedListNode<TcpFlow>(this);
    }

    /// <summary>Its place in the reassembler's least-recently-seen order; one node for the flow's whole life.</summary>
    public LinkedListNode<TcpFlow> RecencyNode { get; }

    public TcpFlowKey Key { get; set; }

    public uint NextSequence { get; set; }

    public long LastSeen { get; set; }

    /// <summary>Set after data had to be dropped: the length prefixes can no longer be trusted.</summary>
    public bool Desynchronized { get; set; }

    public int Length { get; private set; }

    public List<PendingSegment> Pending { get; } = [];

    public int PendingBytes { get; private set; }

    public int BufferedBytes => Length + PendingBytes;

    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, Length);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (Length + data.Length > _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(Length + data.Length, _buffer.Length * 2));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ReturnBuffer();
            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(Length));
        Length += data.Length;
    }

    /// <summary>Drops the first <paramref name="count"/> bytes (messages already handed out).</summary>
    public void Consume(int count)
    {
        _buffer.AsSpan(count, Length - count).CopyTo(_buffer);
        Length -= count;
    }

    public void AddPending(uint sequence, ReadOnlySpan<byte> data)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(copy);
        Pending.Add(new PendingSegment(sequence, copy, data.Length));
        PendingBytes += data.Length;
    }

    public void RemovePendingAt(int index)
    {
        PendingSegment segment = Pending[index];
        Pending.RemoveAt(index);
        PendingBytes -= segment.Length;
        ArrayPool<byte>.Shared.Return(segment.Data);
    }

    /// <summary>Forgets everything buffered and returns the memory; the flow object can then be dropped.</summary>
    public void Clear()
    {
        while (Pending.Count > 0)
        {
            RemovePendingAt(Pending.Count - 1);
        }

        ReturnBuffer();
        _buffer = _retained;
        Length = 0;
    }

    private void ReturnBuffer()
    {
        if (_buffer != _retained)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    internal readonly record struct PendingSegment(uint Sequence, byte[] Data, int Length);
}
