using System.Runtime.InteropServices;

namespace IpLookupSensor.Sensor.Capture.Live;

/// <summary>
/// Where struct pcap_pkthdr keeps its fields: struct timeval is two 32-bit longs on Windows (LLP64) and a
/// 64-bit time_t plus microseconds padded to 8 bytes on 64-bit Linux and macOS.
/// </summary>
internal static class PcapHeaderLayout
{
    public static readonly bool IsWindows = OperatingSystem.IsWindows();

    public static long ReadTimestamp(nint header)
    {
        long seconds = IsWindows ? Marshal.ReadInt32(header) : Marshal.ReadInt64(header);
        long micros = IsWindows ? Marshal.ReadInt32(header, 4) : Marshal.ReadInt32(header, 8);
        return (seconds * 1_000_000_000) + (micros * 1000);
    }

    public static int ReadCaptureLength(nint header) => Marshal.ReadInt32(header, IsWindows ? 8 : 16);
}
