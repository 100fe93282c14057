using System.Text.Json;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>
/// <c>run --record-attribution</c>: writes each event's final attribution (after any resolver correlation) as an
/// <see cref="AttributionRecord"/> line, for <c>replay --attribution</c>. Events without a process or resolver are
/// not written. Called from the threads that finish attribution, hence the lock.
/// </summary>
internal sealed class AttributionRecorder(TextWriter output) : IDisposable
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Lock _lock = new();

    public static AttributionRecorder Create(string path)
    {
        StreamWriter writer;
        try
        {
#pragma warning disable CA2000 // ownership passes to the recorder, which disposes it
            writer = new StreamWriter(path, append: false);
#pragma warning restore CA2000
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Cli.UsageException($"--record-attribution {path}: {e.Message}");
        }

        return new AttributionRecorder(writer); // owns the writer from here on
    }

    public void Record(DnsEvent e)
    {
        // resolver_only names the resolver in the process fields; via_resolver the requester, with the resolver apart.
        ProcessIdentity? named = e.Attribution == AttributionStatus.ResolverOnly ? e.Resolver : e.Process;
        if (
            !e.FromPacket
            || named is not ProcessIdentity p
            || e.Attribution
                is not (AttributionStatus.Direct or AttributionStatus.ResolverOnly or AttributionStatus.ViaResolver)
        )
        {
            return;
        }

        (string ip, ushort port) = e.IsQuery
            ? (e.SourceIp.ToString(), e.SourcePort)
            : (e.DestinationIp.ToString(), e.DestinationPort);
        var record = new AttributionRecord(
            DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp / 1_000_000).AddTicks(e.Timestamp % 1_000_000 / 100),
            e.Transport == Packets.Transport.Udp ? "udp" : "tcp",
            ip,
            port,
            p.Pid,
            p.Name,
            p.Executable,
            p.Args,
            p.Start,
            p.EntityId,
            p.UserId,
            p.UserName,
            p.UserDomain
        )
        {
            Status = e.Attribution switch
            {
                AttributionStatus.ResolverOnly => "resolver_only",
                AttributionStatus.ViaResolver => "via_resolver",
                _ => null,
            },
            Method = e.Attribution == AttributionStatus.ViaResolver ? e.AttributionMethod : null,
            Confidence = e.Attribution == AttributionStatus.ViaResolver ? e.AttributionConfidence : null,
            Reason = e.Attribution == AttributionStatus.ResolverOnly ? e.AttributionReason : null,
            Resolver =
                e.Attribution == AttributionStatus.ViaResolver && e.Resolver is { } r
                    ? new AttributionRecordResolver(r.Pid, r.Name, r.Executable, r.UserId, r.UserName)
                    : null,
        };
        lock (_lock)
        {
            output.WriteLine(JsonSerializer.Serialize(record, s_options));
            output.Flush();
        }
    }

    public void Dispose() => output.Dispose();
}
