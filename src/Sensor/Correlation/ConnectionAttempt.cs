using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>A connection a local process began (its TCP SYN): after a lookup through a resolver, who asked.</summary>
internal readonly record struct ConnectionAttempt(
    long Timestamp,
    Transport Transport,
    IpAddressValue Local,
    ushort LocalPort,
    IpAddressValue Remote,
    ushort RemotePort
);
