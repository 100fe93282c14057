namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// Reads the first table that answers: sock_diag, then /proc/net when netlink is refused or its module is missing.
/// </summary>
public sealed class FallbackSocketTable(params ISocketTable[] tables) : ISocketTable, IDisposable
{
    public string? Read(SocketTransport transport, ushort? localPort, List<SocketEntry> into)
    {
        foreach (ISocketTable table in tables)
        {
            int before = into.Count;
            if (table.Read(transport, localPort, into) is { } method)
            {
                return method;
            }

            into.RemoveRange(before, into.Count - before); // a dump that failed half-way
        }

        return null;
    }

    public void Dispose()
    {
        foreach (IDisposable table in tables.OfType<IDisposable>())
        {
            table.Dispose();
        }
    }
}
