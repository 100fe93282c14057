using IpLookupSensor.Sensor.Cli;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// What <c>run</c> refuses to trust on a multi-user machine: rules or a configuration that any user may change
/// (they decide what is detected and where alerts go), and a TLS private key any user may read.
/// </summary>
internal static class FileSafety
{
    /// <summary>Refuses a file, or a folder and everything in it, that every user may write.</summary>
    public static void RequireNotWorldWritable(string path, string option)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return; // Windows has ACLs, set by the installer; a missing path is reported by whoever reads it
        }

        IEnumerable<string> paths = Directory.Exists(path)
            ? [path, .. Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories)]
            : [path, Path.GetDirectoryName(Path.GetFullPath(path))!];
        foreach (string entry in paths)
        {
            UnixFileMode mode = File.GetUnixFileMode(entry);
            bool sticky = mode.HasFlag(UnixFileMode.StickyBit); // /tmp-like folders only let owners replace files
            if (mode.HasFlag(UnixFileMode.OtherWrite) && !(sticky && entry != path))
            {
                throw new UsageException(
                    $"{option} {path}: {entry} can be changed by every user (mode {Octal(mode)}), so anyone could "
                        + $"change what the sensor does; chmod o-w {entry}"
                );
            }
        }
    }

    /// <summary>Refuses a private key file that users other than its owner's group may read.</summary>
    public static void RequirePrivate(string path, string what)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if (mode.HasFlag(UnixFileMode.OtherRead))
        {
            throw new UsageException(
                $"{what}: {path} holds a private key and every user can read it (mode {Octal(mode)}); chmod o-r {path}"
            );
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');
}
