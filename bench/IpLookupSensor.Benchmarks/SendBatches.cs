using System.Runtime.InteropServices;

namespace IpLookupSensor.Benchmarks;

/// <summary>Messages laid out once in native memory for sendmmsg(2) on a connected socket (Linux, 64-bit).</summary>
internal sealed unsafe partial class SendBatches : IDisposable
{
    public const int MaxBatch = 64;
    private const int MessageHeaderSize = 64; // struct mmsghdr: struct msghdr (56) + msg_len, padded
    private const int IoVectorSize = 16; // struct iovec

    private readonly int _count;
    private readonly byte* _headers;
    private readonly byte* _vectors;
    private readonly byte* _payloads;

    public SendBatches(byte[][] messages)
    {
        _count = messages.Length;
        int payloadSize = messages.Max(m => m.Length);
        _headers = (byte*)NativeMemory.AllocZeroed((nuint)(_count * MessageHeaderSize));
        _vectors = (byte*)NativeMemory.AllocZeroed((nuint)(_count * IoVectorSize));
        _payloads = (byte*)NativeMemory.AllocZeroed((nuint)(_count * payloadSize));
        for (int i = 0; i < _count; i++)
        {
            byte* payload = _payloads + (i * payloadSize);
            messages[i].CopyTo(new Span<byte>(payload, messages[i].Length));
            byte* vector = _vectors + (i * IoVectorSize);
            *(byte**)vector = payload; // iov_base
            *(nuint*)(vector + 8) = (nuint)messages[i].Length; // iov_len
            byte* header = _headers + (i * MessageHeaderSize);
            *(byte**)(header + 16) = vector; // msg_iov
            *(nuint*)(header + 24) = 1; // msg_iovlen
        }
    }

    /// <summary>
    /// Sends up to <paramref name="count"/> messages from <paramref name="first"/> on; returns how many went.
    /// </summary>
    public int Send(int fd, int first, int count) =>
        sendmmsg(fd, _headers + (first * MessageHeaderSize), (uint)Math.Min(count, _count - first), 0);

    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_payloads);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sendmmsg(int fd, byte* messages, uint count, int flags);
}
