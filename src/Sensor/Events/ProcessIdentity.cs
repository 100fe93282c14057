namespace IpLookupSensor.Sensor.Events;

/// <summary>
/// The process and user that sent a DNS message, as attribution finds them (ECS process.* and user.*). Null on an
/// event until attribution has run, and in gateway mode.
/// </summary>
internal sealed record ProcessIdentity(
    long Pid,
    string Name,
    string? Executable,
    string? UserId,
    string? UserName,
    IReadOnlyList<string>? Args = null,
    DateTimeOffset? Start = null,
    string? EntityId = null,
    string? UserDomain = null
);
