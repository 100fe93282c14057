using System.Buffers.Binary;

namespace IpLookupSensor.Corpus;

/// <summary>
/// Clients asking one resolver: each transaction is a query and, after a cached or recursive delay, its response
/// (a few go unanswered); some run over TCP with a handshake and teardown. Frames are written in time order.
/// </summary>
internal sealed class TrafficGenerator(CorpusOptions options)
{
    private const int Clients = 5000;
    private const ushort DnsPort = 53;
    private static readonly Endpoint ResolverV4 = new([10, 0, 0, 53], DnsPort);
    private static readonly Endpoint ResolverV6 = new([0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53], DnsPort);

    private readonly PriorityQueue<(byte[] Frame, FrameFacts Facts), (long Time, long Order)> _pending = new();
    private readonly byte[] _message = new byte[4096];
    private readonly byte[] _frame = new byte[4200];
    private SplitMix _random = new(options.Seed);
    private long _order;

    public Truth Truth { get; } = new();

    public void Run(PcapWriter writer, Action<long>? progress = null)
    {
        long now = 1_700_000_000L * 1_000_000;
        while (Truth.Frames < options.Frames)
        {
            now += 1 + _random.Below(40); // a new transaction every 20 µs on average: 50,000 per second
            while (Truth.Frames < options.Frames && _pending.TryPeek(out var next, out var at) && at.Time <= now)
            {
                _pending.Dequeue();
                writer.Write(at.Time, next.Frame);
                Truth.Count(next.Facts);
                if (Truth.Frames % 1_000_000 == 0)
                {
                    progress?.Invoke(Truth.Frames);
                }
            }

            Transaction(now);
        }
    }

    private void Transaction(long start)
    {
        int client = _random.Below(Clients);
        bool v6 = client * 2654435761L % 100 < options.Ipv6Percent;
        ushort vlan = client % 250 == 0 ? (ushort)(100 + (client % 7)) : (ushort)0;
        Endpoint resolver = v6 ? ResolverV6 : ResolverV4;
        var from = new Endpoint(ClientAddress(client, v6), (ushort)(1024 + _random.Below(64511)));

        string name = NameMix.Pick(ref _random, options.WatchedPercent, out NameKind kind);
        bool mixedCase = _random.Percent(1.5);
        if (mixedCase)
        {
            name = NameMix.MixCase(ref _random, name);
        }

        ushort type = QueryType(kind, name);
        bool edns = _random.Percent(options.EdnsPercent);
        ushort id = (ushort)_random.Next();
        bool tcp = _random.Percent(options.TcpPercent);
        var facts = new FrameFacts(FrameKind.Query, v6, vlan != 0, tcp, name, kind, type, edns, mixedCase);

        int queryLength = Query(id, name, type, edns);
        byte[] query = _message.AsSpan(0, queryLength).ToArray();
        int rcode =
            kind == NameKind.NearMiss || _random.Percent(5) ? 3
            : _random.Percent(0.5) ? 2
            : 0;
        bool answered = !_random.Percent(0.3);
        int responseLength = answered ? Response(id, name, type, edns, rcode) : 0;
        byte[] response = _message.AsSpan(0, responseLength).ToArray();
        long latency = _random.Percent(70) ? 200 + _random.Below(1800) : 5000 + _random.Below(75000);
        var responseFacts = facts with { Kind = FrameKind.Response, Nxdomain = rcode == 3 };

        if (!tcp)
        {
            Schedule(start, FrameBuilder.Udp(_frame, from, resolver, toResolver: true, vlan, query), facts);
            if (answered)
            {
                Schedule(
                    start + latency,
                    FrameBuilder.Udp(_frame, resolver, from, toResolver: false, vlan, response),
                    responseFacts
                );
            }

            return;
        }

        // RFC 7766: the same transaction over TCP, each message after a two-octet length.
        var control = new FrameFacts(FrameKind.TcpControl, v6, vlan != 0, Tcp: true);
        uint client0 = (uint)_random.Next(),
            server0 = (uint)_random.Next();
        uint clientSeq = client0 + 1,
            serverSeq = server0 + 1;
        const long Rtt = 150;
        Segment(start, from, resolver, true, vlan, new(client0, 0, TcpHeader.Syn), [], control);
        Segment(
            start + Rtt,
            resolver,
            from,
            false,
            vlan,
            new(server0, client0 + 1, TcpHeader.Syn | TcpHeader.Ack),
            [],
            control
        );
        Segment(start + Rtt + 10, from, resolver, true, vlan, new(clientSeq, serverSeq, TcpHeader.Ack), [], control);
        byte[] framedQuery = Framed(query);
        Segment(
            start + Rtt + 20,
            from,
            resolver,
            true,
            vlan,
            new(clientSeq, serverSeq, TcpHeader.Push | TcpHeader.Ack),
            framedQuery,
            facts
        );
        clientSeq += (uint)framedQuery.Length;
        long end = start + Rtt + 20 + latency;
        if (answered)
        {
            byte[] framedResponse = Framed(response);
            Segment(
                end,
                resolver,
                from,
                false,
                vlan,
                new(serverSeq, clientSeq, TcpHeader.Push | TcpHeader.Ack),
                framedResponse,
                responseFacts
            );
            serverSeq += (uint)framedResponse.Length;
        }

        Segment(
            end + 50,
            from,
            resolver,
            true,
            vlan,
            new(clientSeq, serverSeq, TcpHeader.Fin | TcpHeader.Ack),
            [],
            control
        );
        Segment(
            end + 50 + Rtt,
            resolver,
            from,
            false,
            vlan,
            new(serverSeq, clientSeq + 1, TcpHeader.Fin | TcpHeader.Ack),
            [],
            control
        );
        Segment(
            end + 60 + Rtt,
            from,
            resolver,
            true,
            vlan,
            new(clientSeq + 1, serverSeq + 1, TcpHeader.Ack),
            [],
            control
        );
    }

    private void Segment(
        long time,
        Endpoint from,
        Endpoint to,
        bool toResolver,
        ushort vlan,
        TcpHeader header,
        byte[] payload,
        FrameFacts facts
    ) => Schedule(time, FrameBuilder.Tcp(_frame, from, to, toResolver, vlan, header, payload), facts);

    private void Schedule(long time, int frameLength, FrameFacts facts) =>
        _pending.Enqueue((_frame.AsSpan(0, frameLength).ToArray(), facts), (time, _order++));

    private static byte[] Framed(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }

    private ushort QueryType(NameKind kind, string name)
    {
        if (kind == NameKind.Reverse)
        {
            return DnsMessageBuilder.TypePtr;
        }

        if (name.StartsWith("_ldap", StringComparison.Ordinal))
        {
            return DnsMessageBuilder.TypeSrv;
        }

        int roll = _random.Below(1000);
        return roll switch
        {
            < 540 => DnsMessageBuilder.TypeA,
            < 830 => DnsMessageBuilder.TypeAaaa,
            < 930 => DnsMessageBuilder.TypeHttps,
            < 950 => DnsMessageBuilder.TypeTxt,
            < 965 => DnsMessageBuilder.TypeMx,
            < 980 => DnsMessageBuilder.TypeNs,
            < 990 => DnsMessageBuilder.TypeSoa,
            _ => DnsMessageBuilder.TypeA,
        };
    }

    private int Query(ushort id, string name, ushort type, bool edns)
    {
        var message = new DnsMessageBuilder(_message);
        message.Header(id, 0x0100, 0, 0, edns ? 1 : 0); // RD
        message.Question(name, type);
        if (edns)
        {
            message.Opt(
                _random.Percent(50) ? (ushort)1232 : (ushort)4096,
                _random.Percent(30),
                _random.Percent(40) ? _random.Next() | 1 : 0
            );
        }

        return message.Length;
    }

    private int Response(ushort id, string name, ushort type, bool edns, int rcode)
    {
        var message = new DnsMessageBuilder(_message);
        int answers =
            rcode != 0
                ? 0
                : type switch
                {
                    DnsMessageBuilder.TypeA or DnsMessageBuilder.TypeAaaa => 1 + _random.Below(4),
                    DnsMessageBuilder.TypeNs or DnsMessageBuilder.TypeMx or DnsMessageBuilder.TypeSrv => 1
                        + _random.Below(3),
                    _ => 1,
                };
        bool cname =
            answers > 0 && type is DnsMessageBuilder.TypeA or DnsMessageBuilder.TypeAaaa && _random.Percent(35);
        message.Header(id, (ushort)(0x8180 | rcode), answers + (cname ? 1 : 0), rcode == 3 ? 1 : 0, edns ? 1 : 0);
        message.Question(name, type);

        int owner = 12;
        if (cname)
        {
            // A CNAME to a CDN name; the addresses then belong to that name (pointer compression, RFC 1035 §4.1.4).
            int length = message.Record(DnsMessageBuilder.TypeCname, 300);
            owner = message.Name($"e{_random.Below(9999)}.a.cdn-edge.net");
            message.EndRecord(length);
        }

        for (int i = 0; i < answers; i++)
        {
            int length = message.Record(type, (uint)(30 + _random.Below(3600)), owner);
            RecordData(ref message, type);
            message.EndRecord(length);
        }

        if (rcode == 3)
        {
            int length = message.Record(DnsMessageBuilder.TypeSoa, 900);
            Soa(ref message);
            message.EndRecord(length);
        }

        if (edns)
        {
            message.Opt(1232, false, 0);
        }

        return message.Length;
    }

    private void RecordData(ref DnsMessageBuilder message, ushort type)
    {
        Span<byte> bytes = stackalloc byte[16];
        switch (type)
        {
            case DnsMessageBuilder.TypeA:
                BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)_random.Next());
                message.Bytes(bytes[..4]);
                break;
            case DnsMessageBuilder.TypeAaaa:
                BinaryPrimitives.WriteUInt64BigEndian(bytes, 0x2001_0DB8_0000_0000UL | (_random.Next() & 0xFFFF_FFFF));
                BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _random.Next());
                message.Bytes(bytes);
                break;
            case DnsMessageBuilder.TypePtr:
                message.Name($"host-{_random.Below(256)}-{_random.Below(256)}.isp.example");
                break;
            case DnsMessageBuilder.TypeMx:
                message.UInt16((ushort)(10 * (1 + _random.Below(3))));
                message.Name($"mx{_random.Below(4)}", pointerTail: 12);
                break;
            case DnsMessageBuilder.TypeNs:
                message.Name($"ns{_random.Below(4)}", pointerTail: 12);
                break;
            case DnsMessageBuilder.TypeSoa:
                Soa(ref message);
                break;
            case DnsMessageBuilder.TypeSrv:
                message.UInt16(0);
                message.UInt16(100);
                message.UInt16(389);
                message.Name($"dc{_random.Below(4)}.corp.example");
                break;
            case DnsMessageBuilder.TypeTxt:
                message.CharacterString("v=spf1 include:_spf.example.net -all");
                break;
            default: // HTTPS (RFC 9460): priority 1, the owner as target, alpn=h2,h3
                message.UInt16(1);
                message.Bytes([0, 0, 1, 0, 6, 2, (byte)'h', (byte)'2', 2, (byte)'h', (byte)'3']);
                break;
        }
    }

    /// <summary>RFC 1035 §3.3.13: MNAME, RNAME, then serial, refresh, retry, expire and minimum.</summary>
    private static void Soa(ref DnsMessageBuilder message)
    {
        message.Name("ns1.registry.example");
        message.Name("hostmaster.registry.example");
        foreach (uint value in (ReadOnlySpan<uint>)[2026112801, 7200, 900, 1209600, 300])
        {
            message.UInt32(value);
        }
    }

    private static byte[] ClientAddress(int client, bool v6) =>
        v6
            ? [0xFD, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte)(client >> 8), (byte)client]
            : [10, 1, (byte)(client >> 8), (byte)client];
}
