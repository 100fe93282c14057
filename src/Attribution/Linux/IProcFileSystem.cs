namespace IpLookupSensor.Attribution.Linux;

/// <summary>The few /proc and /etc reads attribution needs, so the logic can be tested on recorded content.</summary>
public interface IProcFileSystem
{
    /// <summary>
    /// The file's text, or null when it does not exist or cannot be read (a process that just exited).
    /// </summary>
    string? ReadText(string path);

    /// <summary>A symbolic link's target, or null.</summary>
    string? ReadLink(string path);

    /// <summary>The entries of a folder (names only), empty when it cannot be read.</summary>
    IEnumerable<string> List(string path);

    /// <summary>The pids of the processes in /proc; polled every millisecond, so it is worth a cheap form.</summary>
    List<int> ListProcessIds();
}
