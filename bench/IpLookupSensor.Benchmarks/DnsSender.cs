using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IpLookupSensor.Corpus;

namespace IpLookupSensor.Benchmarks;

/// <summary>
/// dns-sender RATE SECONDS [ADDRESS]: offers DNS queries over UDP at RATE per second for SECONDS (the corpus's name
/// mix, ~1% IP-lookup names), paced every millisecond, to a socket bound here that never reads, so the kernel drops
/// what it cannot queue without sending ICMP back. Up to 64 queries per sendmmsg(2) call: one send(2) each topped out
/// near 200,000 a second next to the sensor on 2 cores. Prints what it sent. For bench/live.sh.
/// </summary>
internal static class DnsSender
{
    public static int Run(string[] args)
    {
        int rate = int.Parse(args[1], CultureInfo.InvariantCulture);
        double seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
        var target = new IPEndPoint(IPAddress.Parse(args.Length > 3 ? args[3] : "127.0.0.1"), 53);

        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(target);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target);
        byte[][] queries = Queries(4096);

        using var batches = new SendBatches(queries);
        int fd = (int)socket.SafeHandle.DangerousGetHandle();
        var clock = Stopwatch.StartNew();
        long sent = 0;
        long total = (long)(rate * seconds);
        while (sent < total)
        {
            long due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
            while (sent < due)
            {
                int count = batches.Send(
                    fd,
                    (int)(sent % queries.Length),
                    (int)Math.Min(due - sent, SendBatches.MaxBatch)
                );
                sent += Math.Max(count, 0);
            }

            if (sent < total)
            {
                Thread.SpinWait(50);
            }
        }

        double elapsed = clock.Elapsed.TotalSeconds;
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"sent {sent} queries in {elapsed:F2} s: {sent / elapsed:F0}/s")
        );
        return 0;
    }

    private static byte[][] Queries(int count)
    {
        var random = new SplitMix(20261128);
        var buffer = new byte[512];
        var queries = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            var message = new DnsMessageBuilder(buffer);
            message.Header((ushort)i, 0x0100, 0, 0, 0);
            message.Question(NameMix.Pick(ref random, watchedPercent: 1, out _), DnsMessageBuilder.TypeA);
            queries[i] = buffer[..message.Length];
        }

        return queries;
    }
}
