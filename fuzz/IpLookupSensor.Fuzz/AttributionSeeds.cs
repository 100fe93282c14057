using System.Buffers.Binary;
using System.Net;
using System.Text;
using IpLookupSensor.Attribution;
using IpLookupSensor.Attribution.Tests.Windows;
using IpLookupSensor.Fuzz.Targets;
using static IpLookupSensor.Attribution.Tests.Support.SockDiagReplies;

namespace IpLookupSensor.Fuzz;

/// <summary>
/// Starting inputs for the attribution target (its first byte picks the parser): for each parser the shapes the tests
/// give it, IPv4 and IPv6, UDP and TCP, well formed and refused. One seed per parser (one owner-table layout of four,
/// none for the UNICODE_STRING reader) had left the rest for the campaign to find by chance.
/// </summary>
internal static class AttributionSeeds
{
    public static IEnumerable<byte[]> All() =>
        [
            .. Texts.Select(pair => (byte[])[pair.Selector, .. Encoding.UTF8.GetBytes(pair.Text)]),
            .. OwnerTables(),
            .. Sids.Select(hex => (byte[])[5, .. Convert.FromHexString(hex)]),
            .. DumpReplies().Select(reply => (byte[])[6, .. reply]),
            .. UnicodeStrings(),
        ];

    private const string ProcNetHeader =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer "
        + "drops\n";

    private static readonly (byte Selector, string Text)[] Texts =
    [
        (
            0, // /proc/net/udp
            ProcNetHeader
                + " 1234: 0100007F:B2A7 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 41235 "
                + "2 0000000000000000 0\n"
                + "    2: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 17 2 "
                + "0000000000000000 0\n"
                + "    3: garbage line\n"
        ),
        (
            0, // /proc/net/udp6
            ProcNetHeader
                + "   10: 00000000000000000000000001000000:8767 B80D0120000000000000000053000000:0035 01 "
                + "00000000:00000000 00:00000000 00000000  1000        0 90210 2 0000000000000000 0\n"
                + "   11: 0000000000000000FFFF00000100007F:0035 00000000000000000000000000000000:0000 07 "
                + "00000000:00000000 00:00000000 00000000     0        0 90211 2 0000000000000000 0\n"
        ),
        (
            AttributionParserTarget.Selector(0, tcp: true), // /proc/net/tcp
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 3500007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000   991        0 20118 1 "
                + "0000000000000000 100 0 0 10 5\n"
                + "   1: 0F02000A:C350 22D8B85D:01BB 01 00000000:00000000 02:000A7D2A 00000000  1000        0 77841 2 "
                + "0000000000000000 20 4 30 10 -1\n"
        ),
        (0, "0100007F0035\n0100007F:ZZZZ 00000000:0000\nXX00007F:0035\n0100007:0035"),
        (
            1, // /proc/PID/stat
            "4242 (dig) S 1 4242 4242 0 -1 4194560 120 0 0 0 0 0 0 0 20 0 1 0 123456 12345678 300 "
                + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0"
        ),
        (1, "4242 (my (odd) proc) S 17 4242 4242 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000 100 0"),
        (1, "4242 (short) S 1 2 3"),
        (
            2, // /etc/passwd
            "root:x:0:0:root:/root:/bin/bash\n# comment:x:5:5\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n"
                + "toor:x:0:0::/root:/bin/sh\nbroken\nbad:x:notanumber:0::/:/bin/sh\n"
                + "systemd-resolve:x:991:991:systemd Resolver:/:/usr/sbin/nologin\n"
        ),
        (3, "socket:[41235]"), // a /proc/PID/fd link
        (3, "anon_inode:[eventfd]"),
        (7, "\"C:\\Program Files\\curl\\curl.exe\" -s a\\\\\"b c\" \"d\"\"e\" f"), // a Windows command line
        (7, "powershell.exe -c \"iwr ifconfig.me\"\t\"a\\\\\\\" b\\\\\" \"\"\" c\\"),
    ];

    private static readonly string[] Sids =
    [
        "010100000000000512000000", // S-1-5-18
        "010500000000000515000000D2040000A3DA0100E8030000E9030000", // S-1-5-21-1234-121507-1000-1001
        "0101010000000000FFFFFFFF", // an authority of 2^32 or more
        "0101000000000005", // one sub-authority announced, none present
    ];

    private static readonly (SocketTransport, bool Ipv6)[] Layouts =
    [
        (SocketTransport.Udp, false),
        (SocketTransport.Udp, true),
        (SocketTransport.Tcp, false),
        (SocketTransport.Tcp, true),
    ];

    // All four MIB_*_OWNER_PID layouts.
    private static IEnumerable<byte[]> OwnerTables()
    {
        foreach ((SocketTransport transport, bool ipv6) in Layouts)
        {
            var table = new OwnerTableBuilder(transport, ipv6);
            if (ipv6)
            {
                table.Row("::1", 53, 4, scope: 0).Row("fe80::1", 5353, 1200, "2001:db8::35", 53, state: 5, scope: 3);
            }
            else
            {
                table.Row("127.0.0.1", 53, 4).Row("192.0.2.10", 50123, 1200, "198.51.100.53", 53, state: 5);
            }

            byte selector = AttributionParserTarget.Selector(4, transport == SocketTransport.Tcp, ipv6);
            yield return [selector, .. table.Build()];
            yield return [selector, .. table.Build(extraBytes: 3)];
        }
    }

    // inet_diag_msg replies as the kernel sends them: several sockets then NLMSG_DONE, and an NLMSG_ERROR.
    private static IEnumerable<byte[]> DumpReplies()
    {
        yield return
        [
            .. DiagMessage(1, 2, 7, IPAddress.Loopback, 45735, IPAddress.Any, 0, uid: 1000, inode: 41235, padding: 4),
            .. DiagMessage(1, 10, 1, IPAddress.IPv6Loopback, 5353, IPAddress.Parse("2001:db8::35"), 53, 0, 778),
            .. Done(1),
        ];
        yield return [.. Header(1, type: 2, bodyLength: 20), .. BitConverter.GetBytes(-2), .. new byte[16]];
    }

    // A process's command line as NtQueryInformationProcess writes it: the UNICODE_STRING, then its text; the target
    // says the buffer was at 0x1000. The second's pointer is outside the buffer.
    private static IEnumerable<byte[]> UnicodeStrings()
    {
        foreach (ulong pointer in new ulong[] { 0x1000 + 16, 0x2000 })
        {
            byte[] text = Encoding.Unicode.GetBytes("\"C:\\Windows\\System32\\curl.exe\" -s https://api.ipify.org");
            var buffer = new byte[16 + text.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)text.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(2), (ushort)(text.Length + 2));
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8), pointer);
            text.CopyTo(buffer, 16);
            yield return [8, .. buffer];
        }
    }
}
