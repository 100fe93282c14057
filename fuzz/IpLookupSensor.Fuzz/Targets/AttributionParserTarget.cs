using System.Text;
using IpLookupSensor.Attribution;
using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Attribution.Linux.SockDiag;
using IpLookupSensor.Attribution.Windows;

namespace IpLookupSensor.Fuzz.Targets;

/// <summary>
/// What attribution reads from the OS, which a local user can shape (process names, command lines, socket tables):
/// the first byte picks the parser, the rest is its input. /proc/net/udp and tcp, /proc/PID/stat, /etc/passwd,
/// /proc/PID/fd links, the IP Helper owner tables (all four layouts), SIDs, sock_diag replies, and a Windows process's
/// command line (its UNICODE_STRING, then the split). A FormatException from the Windows parsers is their designed
/// refusal of a table or SID that cannot be one.
/// </summary>
internal static class AttributionParserTarget
{
    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        ReadOnlySpan<byte> data = input.AsSpan(1);
        string text = Encoding.UTF8.GetString(data);
        try
        {
            switch (input[0] % 9)
            {
                case 0:
                    ProcNetParser.Parse(text, (input[0] & 0x80) == 0 ? SocketTransport.Udp : SocketTransport.Tcp);
                    break;
                case 1:
                    _ = ProcStatParser.TryParse(text, out _);
                    break;
                case 2:
                    PasswdParser.Parse(text);
                    break;
                case 3:
                    _ = SocketLink.TryParse(text, out _);
                    break;
                case 4:
                    IpHelperTableParser.Parse(
                        data,
                        (input[0] & 0x80) == 0 ? SocketTransport.Udp : SocketTransport.Tcp,
                        ipv6: (input[0] & 0x40) != 0
                    );
                    break;
                case 5:
                    SidFormatter.Format(data);
                    break;
                case 6:
                    SockDiagCodec.ParseMessages(data, sequence: 1, SocketTransport.Udp, [], out _);
                    break;
                case 7:
                    WindowsCommandLine.Split(text); // any process sets its own command line
                    break;
                default:
                    UnicodeStringReader.Read(data, bufferAddress: 0x1000);
                    break;
            }
        }
        catch (FormatException) when (input[0] % 9 is 4 or 5) { }
    }

    // The smallest first byte that picks this parser and, where it matters, TCP and IPv6 (for seeds).
    public static byte Selector(int parser, bool tcp = false, bool ipv6 = false) =>
        (byte)
            Enumerable
                .Range(0, 256)
                .First(b => b % 9 == parser && ((b & 0x80) != 0) == tcp && ((b & 0x40) != 0) == ipv6);
}
