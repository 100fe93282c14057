namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// The socket table from /proc/net/{udp,udp6,tcp,tcp6}: text, so slower than sock_diag, but always there.
/// </summary>
public sealed class ProcNetSocketTable(IProcFileSystem proc) : ISocketTable
{
    public string? Read(SocketTransport transport, ushort? localPort, List<SocketEntry> into)
    {
        foreach (string table in transport == SocketTransport.Udp ? s_udp : s_tcp)
        {
            foreach (SocketEntry entry in ProcNetParser.Parse(proc.ReadText(table) ?? string.Empty, transport))
            {
                if (localPort is null || entry.LocalPort == localPort)
                {
                    into.Add(entry);
                }
            }
        }

        return "procfs";
    }

    private static readonly string[] s_udp = ["/proc/net/udp", "/proc/net/udp6"];
    private static readonly string[] s_tcp = ["/proc/net/tcp", "/proc/net/tcp6"];
}
