using SharpPcap;
using SharpPcap.LibPcap;

namespace IpLookupSensor.Sensor.Capture.Live;

/// <summary>
/// Captures on one or more interfaces through libpcap in immediate mode, one thread per interface. Frames are
/// read with pcap_next_ex's own pointers, so nothing is allocated per packet.
/// </summary>
internal sealed class LiveCaptureSource : IPacketSource
{
    private const uint PcapIfUp = 0x2;
    private const int ReadTimeoutMilliseconds = 200;

    private readonly List<LibPcapLiveDevice> _devices;

    private const int MaxDrainPackets = 1_000_000;
    private const int PcapErrorBreak = -2; // PCAP_ERROR_BREAK: pcap_breakloop was called

    private readonly int _blockTimeoutMilliseconds; // 0 in immediate mode

    private LiveCaptureSource(List<LibPcapLiveDevice> devices, int blockTimeoutMilliseconds) =>
        (_devices, _blockTimeoutMilliseconds) = (devices, blockTimeoutMilliseconds);

    public string Description => string.Join(", ", _devices.Select(d => d.Name));

    public long KernelDrops
    {
        get
        {
            long drops = 0;
            foreach (LibPcapLiveDevice device in _devices.Where(d => d.Opened))
            {
                drops += Math.Max(0, Interop.LibPcap.Drops(device.Handle.DangerousGetHandle()));
            }

            return drops;
        }
    }

    /// <summary>
    /// Opens the interfaces and compiles the filter; every failure is a <see cref="CaptureSetupException"/>.
    /// </summary>
    public static LiveCaptureSource Open(LiveCaptureOptions options)
    {
        List<LibPcapLiveDevice> devices = SelectDevices(options.Interfaces);
        var opened = new List<LibPcapLiveDevice>();
        try
        {
            foreach (LibPcapLiveDevice device in devices)
            {
                OpenDevice(device, options);
                opened.Add(device);
            }
        }
        catch
        {
            opened.ForEach(d => d.Close());
            throw;
        }

        return new LiveCaptureSource(opened, options.Immediate ? 0 : options.BlockTimeoutMilliseconds);
    }

    /// <summary>
    /// Every interface libpcap can see; throws <see cref="CaptureSetupException"/> when libpcap is missing.
    /// </summary>
    public static IReadOnlyList<LibPcapLiveDevice> ListDevices()
    {
        try
        {
            return LibPcapLiveDeviceList.New();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or PcapException)
        {
            throw new CaptureSetupException(
                $"cannot load libpcap ({e.GetBaseException().Message}); install it: apt-get install libpcap0.8 "
                    + $"(Windows: Npcap)"
            );
        }
    }

    public static bool IsUp(LibPcapLiveDevice device) => (device.Flags & PcapIfUp) != 0;

    public void Run(Func<string, IPacketHandler> createHandler, CancellationToken cancellation)
    {
        // pcap_next_ex does not return on its read timeout in immediate mode; breakloop wakes it.
        using CancellationTokenRegistration wake = cancellation.Register(() => _devices.ForEach(BreakLoop));
        var threads = new List<Thread>();
        foreach (LibPcapLiveDevice device in _devices)
        {
            IPacketHandler handler = createHandler(device.Name);
            var thread = new Thread(() => CaptureLoop(device, handler, _blockTimeoutMilliseconds, cancellation))
            {
                IsBackground = true,
                Name = $"capture {device.Name}",
                Priority = ThreadPriority.AboveNormal,
            };
            thread.Start();
            threads.Add(thread);
        }

        threads.ForEach(t => t.Join());
    }

    public void Dispose() => _devices.ForEach(d => d.Close());

    private static List<LibPcapLiveDevice> SelectDevices(IReadOnlyList<string> names)
    {
        IReadOnlyList<LibPcapLiveDevice> all = ListDevices();
        if (names.Count == 0)
        {
            // "any" would duplicate what the real interfaces see.
            List<LibPcapLiveDevice> up = all.Where(d => IsUp(d) && d.Name != "any").ToList();
            return up.Count > 0
                ? up
                : throw new CaptureSetupException(
                    "no network interface is up; name one with --interface (see 'iplookup-sensor interfaces')"
                );
        }

        var selected = new List<LibPcapLiveDevice>();
        foreach (string name in names.Distinct(StringComparer.Ordinal))
        {
            LibPcapLiveDevice? device = all.FirstOrDefault(d => d.Name == name);
            selected.Add(
                device
                    ?? throw new CaptureSetupException(
                        $"--interface {name}: no such interface; available: "
                            + $"{string.Join(", ", all.Select(d => d.Name))}"
                    )
            );
        }

        return selected;
    }

    private static void OpenDevice(LibPcapLiveDevice device, LiveCaptureOptions options)
    {
        try
        {
            device.Open(
                new DeviceConfiguration
                {
                    Mode = options.Promiscuous ? DeviceModes.Promiscuous : DeviceModes.None,
                    Immediate = options.Immediate,
                    Snaplen = options.SnapLength,
                    BufferSize = options.BufferBytes,
                    ReadTimeout = options.Immediate ? ReadTimeoutMilliseconds : options.BlockTimeoutMilliseconds,
                }
            );
        }
        catch (PcapException e)
        {
            string hint =
                e.Message.Contains("ermission", StringComparison.Ordinal)
                || e.Message.Contains("not permitted", StringComparison.Ordinal)
                    ? "; live capture needs root or CAP_NET_RAW (run with sudo)"
                    : string.Empty;
            throw new CaptureSetupException($"cannot open interface {device.Name}: {e.Message}{hint}");
        }

        try
        {
            device.Filter = options.Filter;
        }
        catch (PcapException e)
        {
            device.Close();
            throw new CaptureSetupException($"--filter \"{options.Filter}\": {e.Message}");
        }
    }

    private static void CaptureLoop(
        LibPcapLiveDevice device,
        IPacketHandler handler,
        int blockTimeoutMilliseconds,
        CancellationToken cancellation
    )
    {
        int linkType = (int)device.LinkType;
        while (!cancellation.IsCancellationRequested)
        {
            nint header = 0,
                data = 0;
            int status = device.GetNextPacketPointers(ref header, ref data);
            if (status == 1)
            {
                Deliver(handler, header, data, linkType);
            }
            else if (status == -1)
            {
                return; // an error: the interface went away
            }
        }

        // the kernel hands over a block it is still filling only when it times out
        Thread.Sleep(blockTimeoutMilliseconds);
        Drain(device, handler, linkType);
    }

    // On stop, what the kernel already captured is still reported (a backlog behind slow attribution, say), without
    // waiting for more: the ring is read in non-blocking mode until it is empty, or for at most MaxDrainPackets.
    // The stop's own breakloop may still be pending (the loop above can end on the token before libpcap reports the
    // break): libpcap clears it as it returns PCAP_ERROR_BREAK once, and that return is not the end of the ring.
    private static void Drain(LibPcapLiveDevice device, IPacketHandler handler, int linkType)
    {
        device.NonBlockingMode = true;
        bool breakReported = false;
        for (int i = 0; i < MaxDrainPackets; i++)
        {
            nint header = 0,
                data = 0;
            int status = device.GetNextPacketPointers(ref header, ref data);
            if (status == PcapErrorBreak && !breakReported)
            {
                breakReported = true;
                continue;
            }

            if (status != 1)
            {
                return;
            }

            Deliver(handler, header, data, linkType);
        }
    }

    private static void BreakLoop(LibPcapLiveDevice device)
    {
        if (device.Opened)
        {
            Interop.LibPcap.BreakLoop(device.Handle.DangerousGetHandle());
        }
    }

    private static unsafe void Deliver(IPacketHandler handler, nint header, nint data, int linkType)
    {
        int length = PcapHeaderLayout.ReadCaptureLength(header);
        var frame = new ReadOnlySpan<byte>((void*)data, length);
        handler.OnPacket(
            new PacketRecord(frame, PcapHeaderLayout.ReadTimestamp(header), linkType, TimestampPrecision.Microseconds)
        );
    }
}
