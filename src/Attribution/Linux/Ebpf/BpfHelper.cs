namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>
/// The kernel helper functions the trace programs call, by number (include/uapi/linux/bpf.h, enum bpf_func_id).
/// </summary>
public static class BpfHelper
{
    public const int MapLookup = 1,
        MapUpdate = 2,
        KtimeGetNs = 5,
        GetCurrentPidTgid = 14,
        GetCurrentUidGid = 15,
        GetCurrentTask = 35,
        ProbeReadUser = 112,
        ProbeReadKernel = 113,
        ProbeReadKernelString = 115;
}
