namespace IpLookupSensor.Corpus;

/// <summary>What a frame carries, for the truth file.</summary>
internal readonly record struct FrameFacts(
    FrameKind Kind,
    bool V6,
    bool Vlan,
    bool Tcp,
    string? Name = null,
    NameKind NameKind = NameKind.Ordinary,
    ushort Type = 0,
    bool Edns = false,
    bool MixedCase = false,
    bool Nxdomain = false
);

internal enum FrameKind
{
    Query,
    Response,
    TcpControl,
}
