namespace IpLookupSensor.Attribution.Linux.SockDiag;

/// <summary>Where a sock_diag dump stands after one datagram.</summary>
public enum SockDiagStatus
{
    More,
    Done,
    Error,
}
