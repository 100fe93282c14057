using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>
/// Binds rule fields to the sensor's DNS event (the ECS fields of DESIGN.md). A rule naming a field outside this
/// schema is refused at load, as Elasticsearch refuses a field its index does not map.
/// </summary>
internal sealed class DnsEventFieldBinder : IFieldBinder<DnsEvent>
{
    /// <summary>Fields that come from attribution, not from the packet.</summary>
    public static readonly string[] AttributionPrefixes = ["process.", "user.", "host."];

    // Schema fields no source fills yet: rules may name them, and they are missing.
    private static readonly string[] s_absent =
    [
        "process.start",
        "process.command_line",
        "process.parent.pid",
        "process.parent.name",
        "process.parent.executable",
        "host.name",
        "host.os.type",
        "host.hostname",
    ];

    // After s_absent: static fields initialise in order, and the constructor reads it.
    public static readonly DnsEventFieldBinder Instance = new();

    private readonly Dictionary<string, FieldAccessor<DnsEvent>> _fields;

    private DnsEventFieldBinder()
    {
        FieldAccessor<DnsEvent>[] fields =
        [
            Constant("event.category", "network"),
            Constant("event.type", "protocol"),
            Constant("event.kind", "event"),
            Constant("network.protocol", "dns"),
            Text("event.action", e => e.IsQuery ? "lookup_requested" : "lookup_result"),
            Text(
                "network.transport",
                e =>
                    !e.FromPacket ? null
                    : e.Transport == Transport.Udp ? "udp"
                    : "tcp"
            ),
            Text(
                "network.type",
                e =>
                    !e.FromPacket ? null
                    : e.SourceIp.IsV6 ? "ipv6"
                    : "ipv4"
            ),
            Text("dns.type", e => e.IsQuery ? "query" : "answer"),
            Endpoint("source.ip", e => e.SourceIpText),
            Endpoint("destination.ip", e => e.DestinationIpText),
            new IntegerFieldAccessor("source.port", e => e.FromPacket ? e.SourcePort : null),
            new IntegerFieldAccessor("destination.port", e => e.FromPacket ? e.DestinationPort : null),
            new IntegerFieldAccessor("dns.id", e => e.FromPacket ? e.Message.Id : null),
            Text("dns.op_code", e => DnsNameCache.Opcode(e.Message.Opcode)),
            Text(
                "dns.response_code",
                e => e.Message.IsResponse ? DnsNameCache.ResponseCode(e.Message.ResponseCode) : null
            ),
            new TextFieldAccessor("dns.question.name", e => e.HasQuestion ? 1 : 0, QuestionName),
            Text("dns.question.type", e => e.HasQuestion ? DnsNameCache.Type(e.Question.Type) : null),
            Text("dns.question.class", e => e.HasQuestion ? DnsNameCache.Class(e.Question.Class) : null),
            new TextFieldAccessor("dns.resolved_ip", ResolvedIpCount, ResolvedIp),
            new TextFieldAccessor(
                "dns.answers.name",
                e => e.Message.AnswerCount,
                (DnsEvent e, int i, out ReadOnlySpan<char> t) => Answer(e, i, a => a.Name, out t)
            ),
            new TextFieldAccessor(
                "dns.answers.data",
                e => e.Message.AnswerCount,
                (DnsEvent e, int i, out ReadOnlySpan<char> t) => Answer(e, i, a => a.Data, out t)
            ),
            new TextFieldAccessor("dns.answers.type", e => e.Message.AnswerCount, AnswerType),
            new IntegerFieldAccessor("process.pid", e => e.Process?.Pid),
            Text("process.name", e => e.Process?.Name),
            Text("process.executable", e => e.Process?.Executable),
            Text("process.entity_id", e => e.Process?.EntityId),
            new TextFieldAccessor("process.args", e => e.Process?.Args?.Count ?? 0, ProcessArg),
            Text("user.id", e => e.Process?.UserId),
            Text("user.name", e => e.Process?.UserName),
            Text("user.domain", e => e.Process?.UserDomain),
            Constant("observer.product", EcsEventWriter.ObserverProduct),
            Constant("observer.type", "sensor"),
        ];
        _fields = fields
            .Concat(s_absent.Select(p => (FieldAccessor<DnsEvent>)new AbsentFieldAccessor(p)))
            .ToDictionary(f => f.Path, StringComparer.Ordinal);
    }

    public IEnumerable<string> Fields => _fields.Keys;

    public static bool NeedsAttribution(string path) =>
        AttributionPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal));

    public FieldAccessor<DnsEvent>? Bind(string path) => _fields.GetValueOrDefault(path);

    private static ConstantTextAccessor Constant(string path, string value) => new(path, value);

    private static TextFieldAccessor Text(string path, Func<DnsEvent, string?> value) =>
        new(
            path,
            e => value(e) is null ? 0 : 1,
            (DnsEvent e, int _, out ReadOnlySpan<char> text) =>
            {
                text = value(e);
                return true;
            }
        );

    // A packet's address: absent from a lookup known only from the DNS Client's events.
    private static TextFieldAccessor Endpoint(string path, Func<DnsEvent, ReadOnlySpan<char>> value) =>
        new(
            path,
            e => e.FromPacket ? 1 : 0,
            (DnsEvent e, int _, out ReadOnlySpan<char> text) =>
            {
                text = value(e);
                return true;
            }
        );

    private static bool QuestionName(DnsEvent e, int index, out ReadOnlySpan<char> text)
    {
        text = e.QuestionName;
        return true;
    }

    private static bool ProcessArg(DnsEvent e, int index, out ReadOnlySpan<char> text)
    {
        text = e.Process!.Args![index];
        return true;
    }

    private static int ResolvedIpCount(DnsEvent e)
    {
        int count = 0;
        foreach (DnsRecord answer in e.Message.Answers)
        {
            count += answer.IsAddress ? 1 : 0;
        }

        return count;
    }

    private static bool ResolvedIp(DnsEvent e, int index, out ReadOnlySpan<char> text)
    {
        foreach (DnsRecord answer in e.Message.Answers)
        {
            if (answer.IsAddress && index-- == 0)
            {
                text = e.Message.Text(answer.Data);
                return true;
            }
        }

        text = default;
        return false;
    }

    private static bool Answer(DnsEvent e, int index, Func<DnsRecord, TextRange> range, out ReadOnlySpan<char> text)
    {
        TextRange r = range(e.Message.Answers[index]);
        text = e.Message.Text(r);
        return !r.IsEmpty;
    }

    private static bool AnswerType(DnsEvent e, int index, out ReadOnlySpan<char> text)
    {
        text = DnsNameCache.Type(e.Message.Answers[index].Type);
        return true;
    }
}
