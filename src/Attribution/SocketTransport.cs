namespace IpLookupSensor.Attribution;

public enum SocketTransport : byte
{
    Udp,
    Tcp,
}
