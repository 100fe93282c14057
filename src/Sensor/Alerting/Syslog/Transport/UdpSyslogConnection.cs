using System.Net.Sockets;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Transport;

/// <summary>
/// RFC 5426: one message per datagram on a connected socket, so an ICMP "port unreachable" is reported.
/// </summary>
internal sealed class UdpSyslogConnection(Socket socket) : ISyslogConnection
{
    public string? Failure => null;

    public static UdpSyslogConnection Connect(string host, int port)
    {
        Socket? socket = new(SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(host, port);
            var connection = new UdpSyslogConnection(socket);
            socket = null;
            return connection;
        }
        catch (SocketException e)
        {
            throw new SyslogConnectException($"cannot reach udp {host}:{port}: {e.Message}", e);
        }
        finally
        {
            socket?.Dispose();
        }
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        try
        {
            socket.Send(message);
        }
        catch (SocketException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    public void Flush() { }

    public void Dispose() => socket.Dispose();
}
