namespace IpLookupSensor.Attribution;

/// <summary>
/// The process behind a socket, as ECS process.* and user.* need it. <see cref="EntityId"/> stays the same for
/// the life of the process and differs after the pid is reused.
/// </summary>
public sealed record ProcessIdentityInfo(
    int Pid,
    string Name,
    string? Executable,
    IReadOnlyList<string> Args,
    DateTimeOffset? Start,
    string EntityId,
    string? UserId,
    string? UserName,
    string? UserDomain = null
);
