namespace IpLookupSensor.Sensor.Packets;

internal enum Transport : byte
{
    Udp,
    Tcp,
}
