namespace IpLookupSensor.Attribution.Linux.Ebpf;

/// <summary>Where, in this kernel's structures, the send trace finds what it records (byte offsets).</summary>
public sealed record SendTraceLayout(
    int SocketDestinationPort,
    int SocketProtocol,
    int SocketNetwork,
    int NetworkNamespaceInode,
    int TaskGroupLeader,
    int TaskStartBootTime,
    int TaskComm,
    int TaskMemory,
    int MemoryExecutable,
    int FileDentry,
    int DentryName,
    int BinaryInterpreter,
    int MemoryArgumentsStart,
    int MemoryArgumentsEnd
)
{
    /// <summary>The layout from the kernel's BTF, or null with what is missing or not as expected.</summary>
    public static SendTraceLayout? From(KernelTypes types, out string? failure)
    {
        var missing = new List<string>();
        int Field(string structName, string path, int size)
        {
            if (types.Field(structName, path) is (int offset, int actual) && actual == size)
            {
                return offset;
            }

            missing.Add($"{structName}.{path}");
            return 0;
        }

        int destinationPort = Field("sock", "__sk_common.skc_dport", 2);
        var layout = new SendTraceLayout(
            destinationPort,
            Field("sock", "sk_protocol", 2),
            Field("sock", "__sk_common.skc_net", 8),
            Field("net", "ns.inum", 4),
            Field("task_struct", "group_leader", 8),
            Field("task_struct", "start_boottime", 8),
            Field("task_struct", "comm", 16),
            Field("task_struct", "mm", 8),
            Field("mm_struct", "exe_file", 8),
            Field("file", "f_path.dentry", 8),
            Field("dentry", "d_name.name", 8),
            Field("linux_binprm", "interp", 8),
            Field("mm_struct", "arg_start", 8),
            Field("mm_struct", "arg_end", 8)
        );

        // The program reads the destination port, local port and family in one go.
        if (
            Field("sock", "__sk_common.skc_num", 2) != destinationPort + 2
            || Field("sock", "__sk_common.skc_family", 2) != destinationPort + 4
        )
        {
            missing.Add("sock_common ports and family side by side");
        }

        failure =
            missing.Count == 0
                ? null
                : $"this kernel's structures differ from what the send trace reads: {string.Join(", ", missing)}";
        return failure is null ? layout : null;
    }
}
