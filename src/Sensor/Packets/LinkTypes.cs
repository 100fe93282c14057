namespace IpLookupSensor.Sensor.Packets;

internal static class LinkTypes
{
    public static bool IsSupported(int linkType) =>
        linkType
            is (int)LinkType.Null
                or (int)LinkType.Ethernet
                or (int)LinkType.RawDlt12
                or (int)LinkType.Raw
                or (int)LinkType.Loop
                or (int)LinkType.LinuxSll
                or (int)LinkType.Ipv4
                or (int)LinkType.Ipv6
                or (int)LinkType.LinuxSll2;

    /// <summary>A name a person can look up: the registry's name for the ones we know, else the number.</summary>
    public static string Describe(int linkType) =>
        linkType switch
        {
            0 => "NULL (0)",
            1 => "ETHERNET (1)",
            12 => "RAW (12)",
            101 => "RAW (101)",
            105 => "IEEE802_11 (105)",
            108 => "LOOP (108)",
            113 => "LINUX_SLL (113)",
            127 => "IEEE802_11_RADIOTAP (127)",
            228 => "IPV4 (228)",
            229 => "IPV6 (229)",
            276 => "LINUX_SLL2 (276)",
            _ => $"link type {linkType}",
        };
}
