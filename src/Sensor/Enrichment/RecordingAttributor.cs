using System.Text.Json;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>Attributes through <paramref name="inner"/> and writes each owner it finds as an <see cref="AttributionRecord"/> line.</summary>
internal sealed class RecordingAttributor(IEventAttributor inner, TextWriter output) : IEventAttributor, Correlation.IConnectionOwnerResolver, IDisposable
{
    private static readonly JsonSerializerOptions s_options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _lock = new();

    public bool AppliesToAll => inner.AppliesToAll;

    public static RecordingAttributor Create(IEventAttributor inner, string path)
    {
        StreamWriter writer;
        try
        {
#pragma warning disable CA2000 // ownership passes to the attributor, which disposes it
            writer = new StreamWriter(path, append: false);
#pragma warning restore CA2000
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Cli.UsageException($"--record-attribution {path}: {e.Message}");
        }

        return new RecordingAttributor(inner, writer); // owns the writer from here on
    }

    public void Attribute(DnsEvent e)
    {
        inner.Attribute(e);
        if (e.Process is not ProcessIdentity p)
        {
            return;
        }

        (string ip, ushort port) = e.IsQuery ? (e.SourceIp.ToString(), e.SourcePort) : (e.DestinationIp.ToString(), e.DestinationPort);
        var record = new AttributionRecord(
            DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp / 1_000_000).AddTicks(e.Timestamp % 1_000_000 / 100),
            e.Transport == Packets.Transport.Udp ? "udp" : "tcp", ip, port, p.Pid, p.Name, p.Executable, p.Args, p.Start, p.EntityId, p.UserId, p.UserName, p.UserDomain);
        lock (_lock)
        {
            output.WriteLine(JsonSerializer.Serialize(record, s_options));
            output.Flush();
        }
    }

    public ProcessIdentity? OwnerOf(Correlation.ConnectionAttempt connection) => (inner as Correlation.IConnectionOwnerResolver)?.OwnerOf(connection);

    public void Dispose() => output.Dispose();
}
