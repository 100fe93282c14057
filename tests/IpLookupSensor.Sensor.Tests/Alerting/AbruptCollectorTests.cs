using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IpLookupSensor.Sensor.Alerting.Syslog;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Alerting;

/// <summary>
/// A collector that dies with messages unread in its socket buffer (a crash: the kernel answers them with a reset).
/// TCP accepted those writes, so only the confirmation window keeps them from being acknowledged and lost.
/// </summary>
public sealed class AbruptCollectorTests : IDisposable
{
    private readonly string _spool = Directory.CreateTempSubdirectory("ipls-spool-").FullName;

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [Fact]
    public void CollectorResetsWithMessagesUnread_TheyAreSentAgain()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = new ConcurrentBag<string>();
        var log = new ConcurrentQueue<string>();
        using var output = new SyslogOutput(
            [SyslogUri.Parse($"tcp://127.0.0.1:{port}?format=json&framing=lf")],
            _spool,
            1 << 20,
            log.Enqueue,
            confirmationWindow: TimeSpan.FromSeconds(5)
        ); // however slow this machine is

        output.Publish(TestAlerts.Detection(id: $"{0:D32}"));
        using (Socket first = Accept(listener))
        {
            received.Add(ReadLine(first)); // alert 0 read...
            for (int i = 1; i < 4; i++)
            {
                output.Publish(TestAlerts.Detection(id: $"{i:D32}"));
            }

            Thread.Sleep(150); // ...1 to 3 written into our buffer, never read
            first.LingerState = new LingerOption(true, 0); // close with a reset, as a crashed process's socket does
        }

        using (Socket second = Accept(listener))
        {
            while (
                !Enumerable.Range(0, 4).All(i => received.Any(r => r.Contains($"{i:D32}", StringComparison.Ordinal)))
            )
            {
                received.Add(ReadLine(second));
            }
        }

        Assert.True(output.Destinations[0].Counters.Retried >= 3, $"retried {output.Destinations[0].Counters.Retried}");
        Assert.Contains(log, l => l.Contains("down: Connection reset by peer", StringComparison.Ordinal));
    }

    private static Socket Accept(TcpListener listener)
    {
        Task<Socket> accept = listener.AcceptSocketAsync();
        Assert.True(accept.Wait(TimeSpan.FromSeconds(10)), "the sensor did not connect within 10 s");
        accept.Result.ReceiveTimeout = 10_000;
        return accept.Result;
    }

    private static string ReadLine(Socket socket)
    {
        var line = new StringBuilder();
        byte[] one = new byte[1];
        while (one[0] != '\n')
        {
            Assert.True(socket.Receive(one) == 1, "the sensor closed the connection");
            line.Append((char)one[0]);
        }

        return line.ToString();
    }
}
