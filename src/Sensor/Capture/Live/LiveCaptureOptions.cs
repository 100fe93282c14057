namespace IpLookupSensor.Sensor.Capture.Live;

internal sealed record LiveCaptureOptions
{
    public const string DefaultFilter = "udp port 53 or tcp port 53";

    /// <summary>
    /// The default filter and the first packet of every TCP connection (a SYN without ACK; IPv6 read at fixed
    /// offsets, as BPF's tcp[] is IPv4 only): host mode's resolver correlation looks for connections to the
    /// answers of the lookups it holds.
    /// </summary>
    public const string DefaultFilterWithConnections =
        DefaultFilter
        + " or (tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn) or (ip6 and ip6[6] == 6 and ip6[53] & 0x12 == 0x02)";

    /// <summary>Interfaces to open; empty means every interface that is up, loopback included.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>The BPF filter compiled into the kernel, so only DNS reaches us.</summary>
    public string Filter { get; init; } = DefaultFilter;

    /// <summary>Kernel ring buffer per interface; larger absorbs longer bursts before the kernel drops.</summary>
    public int BufferBytes { get; init; } = 32 << 20;

    public int SnapLength { get; init; } = 65_535;

    /// <summary>
    /// Each packet handed over at once (libpcap's immediate mode, a TPACKET_V2 ring of one snapshot-length slot per
    /// packet), or in blocks the kernel fills for up to <see cref="BlockTimeoutMilliseconds"/> (TPACKET_V3, packets
    /// packed by their real size: many more fit the same buffer).
    /// </summary>
    public bool Immediate { get; init; }

    public int BlockTimeoutMilliseconds { get; init; } = 10;

    /// <summary>Frames for other hosts too (a SPAN port or a tap delivers them only then): gateway mode.</summary>
    public bool Promiscuous { get; init; }

    /// <summary>
    /// Host mode: attribution races the sending process, so each packet at once (86% of short-lived dig lookups
    /// named, 52% with 1 ms blocks). A slot per packet makes the snapshot length the ring's unit: 4,096 bytes (every
    /// query, nearly every UDP response) gives 32 MiB about 7,500 slots, where 65,535 gave 8 MiB 126.
    /// </summary>
    public static LiveCaptureOptions ForHost(IReadOnlyList<string> interfaces, string filter) =>
        new()
        {
            Interfaces = interfaces,
            Filter = filter,
            Immediate = true,
            SnapLength = 4096,
        };

    /// <summary>
    /// Gateway mode: no process to race, so whole packets in blocks, what sustains the highest rates.
    /// </summary>
    public static LiveCaptureOptions ForGateway(IReadOnlyList<string> interfaces, string filter) =>
        new()
        {
            Interfaces = interfaces,
            Filter = filter,
            Immediate = false,
            Promiscuous = true,
        };
}
