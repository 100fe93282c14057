namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>Paths in the source tree, found from the test binaries' location.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Pcaps => Path.Combine(Root, "pcaps");

    public static string Crafted => Path.Combine(Pcaps, "crafted");

    /// <summary>Set UPDATE_FIXTURES=1 to rewrite crafted fixtures and expected outputs instead of comparing.</summary>
    public static bool UpdateFixtures => Environment.GetEnvironmentVariable("UPDATE_FIXTURES") == "1";

    public static IEnumerable<string> CaptureFiles() =>
        Directory
            .EnumerateFiles(Pcaps, "*", SearchOption.AllDirectories)
            .Where(f =>
                f.EndsWith(".pcap", StringComparison.Ordinal) || f.EndsWith(".pcapng", StringComparison.Ordinal)
            )
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpLookupSensor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("IpLookupSensor.sln not found above " + AppContext.BaseDirectory);
    }
}
