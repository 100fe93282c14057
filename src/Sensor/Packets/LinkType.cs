namespace IpLookupSensor.Sensor.Packets;

/// <summary>
/// The link-layer header types we decode, by their LINKTYPE_ value (tcpdump.org link-layer registry).
/// </summary>
internal enum LinkType
{
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    Null = 0,
    Ethernet = 1,

    /// <summary>DLT_RAW as Linux and most BSDs number it in live captures and some files.</summary>
    RawDlt12 = 12,
    Raw = 101,

    /// <summary>OpenBSD loopback: like <see cref="Null"/> but in network byte order.</summary>
    Loop = 108,
    LinuxSll = 113,
    Ipv4 = 228,
    Ipv6 = 229,
    LinuxSll2 = 276,
}
