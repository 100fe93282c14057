namespace IpLookupSensor.Attribution.Windows;

public enum WindowsProcessAccess : byte
{
    Opened,
    AccessDenied,
    Gone,
}

/// <summary>What Windows told us about a process; a part is null when its call failed.</summary>
/// <param name="ImagePath">QueryFullProcessImageNameW with flags 0: a Win32 path, as the rule's exclusions
/// expect.</param>
/// <param name="CreationFileTime">GetProcessTimes' creation time, UTC FILETIME.</param>
/// <param name="UserSid">The token user's binary SID (TokenUser).</param>
/// <param name="CommandLine">ProcessCommandLineInformation: the command line as the process was started.</param>
public sealed record WindowsProcessFacts(
    WindowsProcessAccess Access,
    string? ImagePath = null,
    long? CreationFileTime = null,
    byte[]? UserSid = null,
    string? CommandLine = null
);
