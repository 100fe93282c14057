using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Capture.Files;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// A whole capture file (pcap or pcapng, either byte order) replayed; a refusal with its reason is expected.
/// </summary>
internal static class CaptureFileTarget
{
    private static readonly string FilePath = Path.Combine(
        Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(),
        $"iplookup-fuzz-{Environment.ProcessId}.cap"
    );

    public static void Run(byte[] input)
    {
        File.WriteAllBytes(FilePath, input);
        (Sensor.Pipeline.DnsPipeline pipeline, Action complete) = FuzzPipeline.Create();
        try
        {
            using IPacketSource source = CaptureFile.Open(FilePath);
            source.Run(_ => pipeline, CancellationToken.None);
        }
        catch (CaptureFileException)
        {
            // A corrupt or truncated file is refused with a message: what the parser is for.
        }
        finally
        {
            File.Delete(FilePath);
        }

        complete();
    }
}
