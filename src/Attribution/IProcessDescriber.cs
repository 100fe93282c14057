namespace IpLookupSensor.Attribution;

/// <summary>A process's details from its pid alone, for requesters named by an event rather than a socket.</summary>
public interface IProcessDescriber
{
    /// <summary>The process, or null when it has gone.</summary>
    ProcessIdentityInfo? Describe(int pid);
}
