using System.Text.Json;
using IpLookupSensor.Sensor.Cli;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>
/// replay --attribution: the owners a live run recorded, matched to replayed events by transport, local endpoint
/// and time (the nearest observation within <see cref="Window"/>), so pcap tests can exercise process rules. A
/// resolver's query comes back as it ended live: resolver_only, or via_resolver with the process that asked.
/// </summary>
internal sealed class RecordedAttributor : IEventAttributor
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly Dictionary<(string Transport, string Ip, ushort Port), List<AttributionRecord>> _records = [];

    public RecordedAttributor(string path)
    {
        int line = 0;
        foreach (string text in ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            AttributionRecord record;
            try
            {
                record = JsonSerializer.Deserialize<AttributionRecord>(text) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new UsageException($"--attribution {path}:{line}: not an attribution record ({e.Message})");
            }

            var key = (record.Transport, record.Ip, record.Port);
            if (!_records.TryGetValue(key, out List<AttributionRecord>? list))
            {
                _records[key] = list = [];
            }

            list.Add(record);
        }
    }

    public bool AppliesToAll => false;

    public void Attribute(DnsEvent e)
    {
        (string ip, ushort port) = e.IsQuery
            ? (e.SourceIp.ToString(), e.SourcePort)
            : (e.DestinationIp.ToString(), e.DestinationPort);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp / 1_000_000);
        AttributionRecord? best = _records
            .GetValueOrDefault((e.Transport == Packets.Transport.Udp ? "udp" : "tcp", ip, port))
            ?.Where(r => (r.Timestamp - at).Duration() <= Window)
            .MinBy(r => (r.Timestamp - at).Duration());
        if (best is null)
        {
            e.Attribution = AttributionStatus.Unattributed;
            return;
        }

        var named = new ProcessIdentity(
            best.Pid,
            best.Name,
            best.Executable,
            best.UserId,
            best.UserName,
            best.Args,
            best.Start,
            best.EntityId,
            best.UserDomain
        );
        e.AttributionMethod = "recorded";
        switch (best.Status)
        {
            case "resolver_only":
                (e.Attribution, e.Resolver, e.AttributionReason) = (AttributionStatus.ResolverOnly, named, best.Reason);
                break;
            case "via_resolver":
                (e.Attribution, e.Process, e.AttributionConfidence) = (
                    AttributionStatus.ViaResolver,
                    named,
                    best.Confidence
                );
                e.Resolver = best.Resolver is { } r
                    ? new ProcessIdentity(r.Pid, r.Name, r.Executable, r.UserId, r.UserName)
                    : null;
                break;
            default:
                (e.Attribution, e.Process) = (AttributionStatus.Direct, named);
                break;
        }
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--attribution {path}: {e.Message}");
        }
    }
}
