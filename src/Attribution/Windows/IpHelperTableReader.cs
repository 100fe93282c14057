namespace IpLookupSensor.Attribution.Windows;

/// <summary>
/// Fetches an owner table with the buffer-growth loop the API needs: the table can grow between the size probe and
/// the fetch, so retry with the size Windows asks for plus slack, a few times. One buffer per table is kept.
/// </summary>
public sealed class IpHelperTableReader(IIpHelper ipHelper)
{
    public const int MaxAttempts = 5;
    private const uint ErrorInsufficientBuffer = 122;

    private readonly Dictionary<(SocketTransport, bool), byte[]> _buffers = [];
    private readonly Lock _lock = new(); // capture threads of several interfaces share the buffers

    /// <summary>The rows, or null with the Win32 code in <paramref name="error"/> when Windows refused.</summary>
    public List<IpHelperRow>? TryRead(SocketTransport transport, bool ipv6, out uint error)
    {
        lock (_lock)
        {
            return Read(transport, ipv6, out error);
        }
    }

    private List<IpHelperRow>? Read(SocketTransport transport, bool ipv6, out uint error)
    {
        byte[] buffer = _buffers.GetValueOrDefault((transport, ipv6)) ?? [];
        int slack = 64 * IpHelperTableParser.RowSize(transport, ipv6);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            uint size = (uint)buffer.Length;
            error = ipHelper.GetOwnerTable(transport, ipv6, buffer, ref size);
            if (error == 0)
            {
                _buffers[(transport, ipv6)] = buffer;
                return IpHelperTableParser.Parse(buffer, transport, ipv6);
            }

            if (error != ErrorInsufficientBuffer)
            {
                return null;
            }

            buffer = new byte[checked((int)Math.Max(size, (uint)buffer.Length) + slack)];
        }

        error = ErrorInsufficientBuffer;
        return null;
    }
}
