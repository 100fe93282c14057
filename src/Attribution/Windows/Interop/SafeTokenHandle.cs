using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace IpLookupSensor.Attribution.Windows.Interop;

/// <summary>
/// An access token from OpenProcessToken; the generated marshaller needs the public parameterless constructor.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class SafeTokenHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeTokenHandle()
        : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle) != 0;
}
