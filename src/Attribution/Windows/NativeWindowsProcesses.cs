using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using IpLookupSensor.Attribution.Windows.Interop;
using Microsoft.Win32.SafeHandles;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>The real process queries, each through a PROCESS_QUERY_LIMITED_INFORMATION handle.</summary>
[SupportedOSPlatform("windows")]
public sealed class NativeWindowsProcesses : IWindowsProcesses
{
    private const uint MaxPathChars = 32_767;

    // Processes without an image file, whose snapshot name must not get ".exe".
    private static readonly HashSet<string> s_imageless = new(StringComparer.OrdinalIgnoreCase)
    {
        "Idle",
        "System",
        "Registry",
        "Memory Compression",
        "Secure System",
    };

    public WindowsProcessFacts Query(int pid)
    {
        using SafeProcessHandle process = Kernel32.OpenProcess(Kernel32.ProcessQueryLimitedInformation, 0, (uint)pid);
        if (process.IsInvalid)
        {
            return new WindowsProcessFacts(
                Marshal.GetLastPInvokeError() == Kernel32.ErrorAccessDenied
                    ? WindowsProcessAccess.AccessDenied
                    : WindowsProcessAccess.Gone
            );
        }

        long? created =
            Kernel32.GetProcessTimes(process, out long creation, out _, out _, out _) != 0 ? creation : null;
        return new WindowsProcessFacts(
            WindowsProcessAccess.Opened,
            ImagePath(process),
            created,
            TokenUserSid(process),
            CommandLine(process)
        );
    }

    public string? SnapshotName(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return s_imageless.Contains(process.ProcessName) ? process.ProcessName : process.ProcessName + ".exe";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null; // exited
        }
    }

    public unsafe (string Name, string Domain)? LookupAccount(byte[] sid)
    {
        uint nameLength = 0;
        uint domainLength = 0;
        fixed (byte* sidBytes = sid)
        {
            _ = Advapi32.LookupAccountSid(null, sidBytes, null, ref nameLength, null, ref domainLength, out _);
            if (Marshal.GetLastPInvokeError() != Kernel32.ErrorInsufficientBuffer)
            {
                return null; // ERROR_NONE_MAPPED: a deleted account, say
            }

            char[] name = new char[nameLength];
            char[] domain = new char[domainLength];
            fixed (char* namePointer = name)
            fixed (char* domainPointer = domain)
            {
                return
                    Advapi32.LookupAccountSid(
                        null,
                        sidBytes,
                        namePointer,
                        ref nameLength,
                        domainPointer,
                        ref domainLength,
                        out _
                    ) == 0
                    ? null
                    : (new string(name, 0, (int)nameLength), new string(domain, 0, (int)domainLength));
            }
        }
    }

    private static unsafe string? ImagePath(SafeProcessHandle process)
    {
        for (uint capacity = 1024; capacity <= MaxPathChars * 2; capacity *= 2)
        {
            char[] buffer = new char[capacity];
            uint size = capacity;
            fixed (char* text = buffer)
            {
                // Flags 0: the Win32 path (C:\…), not the native \Device\HarddiskVolume… form.
                if (Kernel32.QueryFullProcessImageName(process, 0, text, ref size) != 0)
                {
                    return new string(buffer, 0, (int)size);
                }
            }

            if (Marshal.GetLastPInvokeError() != Kernel32.ErrorInsufficientBuffer)
            {
                return null;
            }
        }

        return null;
    }

    private static unsafe string? CommandLine(SafeProcessHandle process)
    {
        uint length = 1024;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            byte[] buffer = new byte[length];
            fixed (byte* information = buffer)
            {
                uint status = Ntdll.NtQueryInformationProcess(
                    process,
                    Ntdll.ProcessCommandLineInformation,
                    information,
                    length,
                    out uint needed
                );
                if (status == 0)
                {
                    return UnicodeStringReader.Read(buffer, (ulong)information);
                }

                if (status != Ntdll.StatusInfoLengthMismatch || needed <= length)
                {
                    return null; // before Windows 8.1, or a protected process
                }

                length = needed;
            }
        }

        return null;
    }

    private static unsafe byte[]? TokenUserSid(SafeProcessHandle process)
    {
        if (Advapi32.OpenProcessToken(process, Advapi32.TokenQuery, out SafeTokenHandle token) == 0)
        {
            token.Dispose();
            return null;
        }

        using (token)
        {
            _ = Advapi32.GetTokenInformation(token, Advapi32.TokenUser, null, 0, out uint needed);
            byte[] buffer = new byte[needed];
            fixed (byte* information = buffer)
            {
                if (
                    needed < sizeof(nint)
                    || Advapi32.GetTokenInformation(token, Advapi32.TokenUser, information, needed, out _) == 0
                )
                {
                    return null;
                }

                // TOKEN_USER begins with a pointer to the SID, which lies inside the same buffer.
                byte* sid = *(byte**)information;
                int length = SidFormatter.Length(new ReadOnlySpan<byte>(sid, 2));
                return new ReadOnlySpan<byte>(sid, length).ToArray();
            }
        }
    }
}
