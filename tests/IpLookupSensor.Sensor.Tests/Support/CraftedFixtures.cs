using System.Buffers.Binary;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;
using static IpLookupSensor.Sensor.Tests.Support.Frames;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>
/// The crafted fixtures in pcaps/crafted, built here so their provenance is code. Addresses are documentation
/// ranges (RFC 5737, RFC 3849); no packet is ever sent.
/// </summary>
internal static class CraftedFixtures
{
    private const string Client4 = "192.0.2.10";
    private const string Resolver4 = "192.0.2.53";
    private const string Client6 = "2001:db8::10";
    private const string Resolver6 = "2001:db8::53";

    public static IReadOnlyDictionary<string, byte[]> All { get; } = Build();

    private static Dictionary<string, byte[]> Build() =>
        new()
        {
            ["link-ethernet-vlan.pcap"] = CaptureWriter.Pcap(
                1,
                [
                    Ethernet(Q4("plain.example", 1)),
                    Ethernet(Q4("vlan.example", 2), 0x8100),
                    Ethernet(Q4("qinq.example", 3), 0x88A8, 0x8100),
                    Ethernet(Q4("qinq-legacy.example", 4), 0x9100, 0x8100),
                    Ethernet(Q6("vlan6.example", 5), 0x8100),
                    // more tags than we follow
                    Ethernet(Q4("five-tags.example", 6), 0x88A8, 0x8100, 0x8100, 0x8100, 0x8100),
                ]
            ),
            ["link-null.pcap"] = CaptureWriter.Pcap(
                0,
                [
                    AddressFamily(Q4("null4.example", 1), 30, bigEndian: false),
                    AddressFamily(Q6("null6-darwin.example", 2), 30, bigEndian: false),
                    AddressFamily(Q6("null6-freebsd.example", 3), 28, bigEndian: false),
                    AddressFamily(Q6("null6-netbsd.example", 4), 24, bigEndian: false),
                    AddressFamily(Q4("null-written-big-endian.example", 5), 30, bigEndian: true),
                ]
            ),
            ["link-loop.pcap"] = CaptureWriter.Pcap(
                108,
                [
                    AddressFamily(Q4("loop4.example", 1), 24, bigEndian: true),
                    AddressFamily(Q6("loop6.example", 2), 24, bigEndian: true),
                ]
            ),
            ["link-raw-12.pcap"] = CaptureWriter.Pcap(12, [Q4("raw12.example", 1), Q6("raw12-v6.example", 2)]),
            ["link-raw-101.pcap"] = CaptureWriter.Pcap(101, [Q4("raw101.example", 1), Q6("raw101-v6.example", 2)]),
            ["link-ipv4-228.pcap"] = CaptureWriter.Pcap(228, [Q4("ipv4-228.example", 1)]),
            ["link-ipv6-229.pcap"] = CaptureWriter.Pcap(229, [Q6("ipv6-229.example", 1)]),
            ["link-sll.pcap"] = CaptureWriter.Pcap(113, [Sll(Q4("sll.example", 1)), Sll(Q6("sll-v6.example", 2))]),
            ["link-sll2.pcap"] = CaptureWriter.Pcap(276, [Sll2(Q4("sll2.example", 1)), Sll2(Q6("sll2-v6.example", 2))]),
            ["ip-options-fragments-extensions.pcap"] = CaptureWriter.Pcap(1, IpEdgeCases().Select(ip => Ethernet(ip))),
            ["tcp-segmentation.pcap"] = CaptureWriter.Pcap(1, TcpCases().Select(ip => Ethernet(ip))),
            ["dns-edge-cases.pcap"] = CaptureWriter.Pcap(
                1,
                DnsCases().Select(m => Ethernet(Udp(Client4, Resolver4, 40000, 53, m)))
            ),
            ["dns-responses.pcap"] = CaptureWriter.Pcap(
                1,
                ResponseCases().Select(m => Ethernet(Udp(Resolver4, Client4, 53, 40000, m)))
            ),
            ["not-dns.pcap"] = CaptureWriter.Pcap(1, NotDns()),
            ["timestamps-nanosecond-bigendian.pcap"] = CaptureWriter.Pcap(
                1,
                [Ethernet(Q4("nano.example", 1)), Ethernet(Q6("nano6.example", 2))],
                nanoseconds: true,
                bigEndian: true
            ),
            ["pcapng-three-interfaces.pcapng"] = CaptureWriter.PcapNg(
                [new(1, 6, "eth0"), new(276, 9, "any"), new(101, 6, "tun0")],
                [
                    (0, Ethernet(Q4("ng-ethernet.example", 1))),
                    (1, Sll2(Q4("ng-sll2-nano.example", 2))),
                    (2, Q6("ng-raw.example", 3)),
                    (0, Ethernet(Q6("ng-ethernet6.example", 4))),
                ]
            ),
            ["pcapng-bigendian.pcapng"] = CaptureWriter.PcapNg(
                [new(1, 9, "en0")],
                [(0, Ethernet(Q4("ng-big-endian.example", 1)))],
                bigEndian: true
            ),
        };

    private static byte[] Q4(string name, ushort id) =>
        Udp(Client4, Resolver4, (ushort)(41000 + id), 53, Query(id, name));

    private static byte[] Q6(string name, ushort id) =>
        Udp(Client6, Resolver6, (ushort)(41000 + id), 53, Query(id, name, 28));

    private static IEnumerable<byte[]> IpEdgeCases()
    {
        yield return WithIpv4Options(Q4("ipv4-options.example", 1), optionWords: 3);

        // A response larger than the first fragment: the question fits, the answers do not.
        byte[] big = Response(
            2,
            "fragmented.example",
            1,
            [.. Enumerable.Range(1, 20).Select(i => Record(Pointer(12), 1, 60, [198, 51, 100, (byte)i]))]
        );
        (byte[] first, byte[] rest) = Fragment(Udp(Resolver4, Client4, 53, 40002, big), firstPayloadBytes: 64);
        yield return first;
        yield return rest;

        yield return WithIpv6Extensions(Q6("ipv6-hop-by-hop-destination.example", 3), 0, 60);
        yield return WithIpv6Extensions(Q6("ipv6-first-fragment.example", 4), 44);
        byte[] later = WithIpv6Extensions(Q6("ipv6-later-fragment.example", 5), 44);
        BinaryPrimitives.WriteUInt16BigEndian(later.AsSpan(42), 8 << 3); // fragment offset 8 (64 bytes)
        yield return later;
        yield return WithIpv6Extensions(
            Q6("ipv6-nine-extension-headers.example", 6),
            0,
            60,
            60,
            60,
            60,
            60,
            60,
            60,
            60
        );
    }

    private static IEnumerable<byte[]> TcpCases()
    {
        // Connection 1 (IPv4, from the SYN): one message over three segments, two messages in one segment,
        // a message whose two halves arrive in the wrong order, a retransmission, an overlapping resend, FIN.
        const uint Isn = 1_000;
        byte[] split = TcpFramed(Query(10, "tcp-split.example"));
        byte[] pair =
        [
            .. TcpFramed(Query(11, "tcp-first-of-two.example")),
            .. TcpFramed(Query(12, "tcp-second-of-two.example")),
        ];
        byte[] reordered = TcpFramed(Query(13, "tcp-reordered.example"));
        byte[] overlapped = TcpFramed(Query(14, "tcp-overlap.example"));
        uint seq = Isn + 1;
        yield return Tcp(Client4, Resolver4, 40100, 53, Isn, [], syn: true);
        yield return Tcp(Client4, Resolver4, 40100, 53, seq, split[..5]);
        yield return Tcp(Client4, Resolver4, 40100, 53, seq + 5, split[5..15]);
        yield return Tcp(Client4, Resolver4, 40100, 53, seq + 15, split[15..]);
        seq += (uint)split.Length;
        yield return Tcp(Client4, Resolver4, 40100, 53, seq, pair);
        seq += (uint)pair.Length;
        yield return Tcp(Client4, Resolver4, 40100, 53, seq + 9, reordered[9..]);
        yield return Tcp(Client4, Resolver4, 40100, 53, seq, reordered[..9]);
        yield return Tcp(Client4, Resolver4, 40100, 53, seq, reordered[..9]); // pure retransmission
        seq += (uint)reordered.Length;
        yield return Tcp(Client4, Resolver4, 40100, 53, seq, overlapped[..12]);
        yield return Tcp(Client4, Resolver4, 40100, 53, seq + 4, overlapped[4..]); // resent from byte 4 on
        seq += (uint)overlapped.Length;
        yield return Tcp(Client4, Resolver4, 40100, 53, seq, [], fin: true);

        // The answer to the first query, on the server's side of the connection.
        yield return Tcp(Resolver4, Client4, 53, 40100, 5_000, [], syn: true);
        yield return Tcp(
            Resolver4,
            Client4,
            53,
            40100,
            5_001,
            TcpFramed(Response(10, "tcp-split.example", 1, Record(Pointer(12), 1, 300, [198, 51, 100, 7])))
        );

        // Connection 2 (IPv6): capture started mid-connection, no SYN seen.
        yield return Tcp(Client6, Resolver6, 40200, 53, 77_777, TcpFramed(Query(20, "tcp-midstream.example", 28)));

        // Connection 3: a message that never completes (the capture ends first).
        yield return Tcp(
            Client4,
            Resolver4,
            40300,
            53,
            9_000,
            TcpFramed(Query(30, "tcp-never-finished.example"))[..10]
        );
    }

    private static IEnumerable<byte[]> DnsCases()
    {
        yield return Query(1, "api.ipify.org");
        yield return Query(2, "MiXeD.CaSe.IcanHazIP.com"); // 0x20 mixed case comes out lower-case
        yield return Header(3, FlagRecursionDesired, qd: 0); // QDCOUNT 0: an event without a question
        yield return Concat(
            Header(4, FlagRecursionDesired, qd: 3),
            Question(Name("first.example")),
            Question(Name("checkip.amazonaws.com")),
            Question(Name("third.example"))
        );
        yield return Concat(
            Header(5, FlagRecursionDesired, qd: 33),
            Concat([.. Enumerable.Range(0, 33).Select(i => Question(Name($"q{i}.example")))])
        );
        yield return Concat(
            Header(6, FlagRecursionDesired, qd: 1),
            Question(
                Labels(
                    [0x00, 0x07, (byte)'a'],
                    [(byte)'d', (byte)'o', (byte)'t', (byte)'.', (byte)'i', (byte)'n'],
                    [(byte)'b', (byte)'a', (byte)'c', (byte)'k', (byte)'\\'],
                    [(byte)' ', 0x7F, 0xE9, 0xFF],
                    "example"u8.ToArray()
                )
            )
        );
        yield return Concat(Header(7, FlagRecursionDesired, qd: 1), Question(Name(string.Empty), 2)); // the root, NS
        // 255 octets: the limit
        yield return Query(8, string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61));
        yield return Query(9, string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".toolong"); // over 255
        yield return Concat(
            Header(10, FlagRecursionDesired, qd: 1),
            [64],
            Enumerable.Repeat((byte)'x', 64).ToArray(),
            [0, 0, 1, 0, 1]
        );
        yield return Concat(Header(11, FlagRecursionDesired, qd: 1), Pointer(12), [0, 1, 0, 1]); // points at itself
        // loops back to its own start
        yield return Concat(Header(12, FlagRecursionDesired, qd: 1), [1, (byte)'a'], Pointer(12), [0, 1, 0, 1]);
        yield return Concat(Header(13, FlagRecursionDesired, qd: 1), Pointer(18), [0, 1, 0, 1], Name("later.example"));
        yield return Header(14, FlagRecursionDesired, qd: 1)[..5]; // header cut short
        yield return Query(15, "cut.in.the.question.example")[..22];
        yield return Query(16, "cut.before.qtype.example")[..^3];
        yield return Concat(
            Header(17, FlagRecursionDesired, qd: 1, ar: 1),
            Question(Name("edns.example")),
            Opt(1232, dnssecOk: true)
        );
        yield return Concat(Header(18, 0x2800, qd: 1), Question(Name("update.example"), 6)); // opcode 5 UPDATE
    }

    private static IEnumerable<byte[]> ResponseCases()
    {
        yield return Response(100, "api.ipify.org", 1, Record(Pointer(12), 1, 300, [198, 51, 100, 1]));
        yield return Concat(
            Header(101, FlagResponse | FlagRecursionDesired | FlagRecursionAvailable, qd: 1, an: 6, ar: 1),
            Question(Name("www.example")),
            // CNAME cdn.example
            Record(Pointer(12), 5, 60, Concat(Name("cdn"), [])[..^1].Concat(Pointer(16)).ToArray()),
            Record(Name("cdn.example"), 1, 60, [198, 51, 100, 2]),
            Record(Name("cdn.example"), 28, 60, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53]),
            Record(Name("2.100.51.198.in-addr.arpa"), 12, 60, Name("cdn.example")),
            Record(Pointer(12), 15, 60, [0, 10, .. Name("mail.example")]), // MX: type and size only
            Record(Pointer(12), 16, 60, [5, .. "hello"u8.ToArray()]),
            Opt(1232, dnssecOk: true, extendedRcode: 1)
        ); // extended RCODE 16: BADVERS
        yield return Concat(Header(102, FlagResponse | 3, qd: 1), Question(Name("nonexistent.example"))); // NXDOMAIN
        yield return Response(
            103,
            "cut-answers.example",
            1,
            Record(Pointer(12), 1, 60, [198, 51, 100, 3]),
            Record(Pointer(12), 1, 60, [198, 51, 100, 4])
        )[..^3];
        yield return Response(104, "bad-answer-pointer.example", 1, Record(Pointer(200), 1, 60, [198, 51, 100, 5]));
        yield return Response(
            105,
            "many-answers.example",
            1,
            [.. Enumerable.Range(0, 70).Select(i => Record(Pointer(12), 1, 60, [198, 51, 100, (byte)i]))]
        );
    }

    private static IEnumerable<byte[]> NotDns()
    {
        byte[] query = Q4("not-dns-reference.example", 1);
        yield return Ethernet(query); // the one DNS packet in this file

        byte[] arp = [.. Ethernet(query)[..12], 0x08, 0x06, .. new byte[28]];
        yield return arp;

        byte[] icmp = (byte[])query.Clone();
        icmp[9] = 1;
        yield return Ethernet(icmp);

        yield return Ethernet(Udp(Client4, "192.0.2.80", 40000, 80, Query(2, "port-80.example")));
        yield return Ethernet(Tcp(Client4, "192.0.2.80", 40000, 443, 1, [1, 2, 3]));
        byte[] badVersion = (byte[])query.Clone();
        badVersion[0] = 0x55;
        yield return Ethernet(badVersion);
        yield return Ethernet(query[..10]); // IPv4 header cut
        yield return Ethernet(query[..24]); // UDP header cut
        yield return Ethernet(query)[..13]; // Ethernet header cut
    }
}
