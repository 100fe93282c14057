namespace IpLookupSensor.Attribution.Windows;

/// <summary>The OS boundary for process details: OpenProcess and the token, image and time queries behind it.</summary>
public interface IWindowsProcesses
{
    /// <summary>What a PROCESS_QUERY_LIMITED_INFORMATION handle yields for <paramref name="pid"/>.</summary>
    WindowsProcessFacts Query(int pid);

    /// <summary>
    /// The image name from the system's process list, which needs no handle (for protected processes).
    /// </summary>
    string? SnapshotName(int pid);

    /// <summary>
    /// LookupAccountSid: the account's name and domain, or null when it has none (may be slow: cache it).
    /// </summary>
    (string Name, string Domain)? LookupAccount(byte[] sid);
}
