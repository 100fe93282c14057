using System.Net;
using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Tests.Support;

namespace IpLookupSensor.Sensor.Tests.Correlation;

/// <summary>
/// The capture side of the correlation: which responses and connections follow a queued query, within bounds.
/// </summary>
public sealed class LookupsInFlightTests
{
    private const long Second = 1_000_000_000;
    private readonly LookupsInFlight _inFlight = new(TimeSpan.FromSeconds(30), capacity: 8);

    [Fact]
    public void TheResponseToAQueuedQuery_IsTakenOnce_AndItsAnswersAreWatchedForTheWindow()
    {
        _inFlight.AddQuery(TestEvents.Udp(DnsWire.Query(7, "api.ipify.org"), 0, "10.0.0.2", 40_000, "192.0.2.53", 53));
        DnsEvent response = TestEvents.Udp(Response(7, "198.51.100.7"), Second, "192.0.2.53", 53, "10.0.0.2", 40_000);

        Assert.True(_inFlight.TryTakeResponse(response));
        Assert.False(_inFlight.TryTakeResponse(response)); // a duplicate does not follow again
        Assert.True(_inFlight.WasAnswered(TestEvents.Address("198.51.100.7"), 2 * Second));
        // a connection before the answer
        Assert.False(_inFlight.WasAnswered(TestEvents.Address("198.51.100.7"), Second / 2));
        Assert.False(_inFlight.WasAnswered(TestEvents.Address("198.51.100.7"), 32 * Second)); // after the window
        Assert.False(_inFlight.WasAnswered(TestEvents.Address("203.0.113.1"), 2 * Second));
    }

    [Fact]
    public void AResponseToNothingQueued_DoesNotFollow() =>
        Assert.False(
            _inFlight.TryTakeResponse(
                TestEvents.Udp(Response(9, "198.51.100.7"), Second, "192.0.2.53", 53, "10.0.0.2", 40_001)
            )
        );

    [Fact]
    public void AFloodOfQueriesAndAnswers_StaysWithinItsCapacity()
    {
        for (ushort i = 0; i < 1_000; i++)
        {
            _inFlight.AddQuery(
                TestEvents.Udp(DnsWire.Query(i, "api.ipify.org"), 0, "10.0.0.2", (ushort)(10_000 + i), "192.0.2.53", 53)
            );
        }

        // Only the last queries are remembered (the table started over at its capacity of 8).
        Assert.False(
            _inFlight.TryTakeResponse(
                TestEvents.Udp(Response(0, "198.51.100.1"), Second, "192.0.2.53", 53, "10.0.0.2", 10_000)
            )
        );
        Assert.True(
            _inFlight.TryTakeResponse(
                TestEvents.Udp(Response(999, "198.51.100.2"), Second, "192.0.2.53", 53, "10.0.0.2", 10_999)
            )
        );
    }

    private static byte[] Response(ushort id, string address) =>
        DnsWire.Response(
            id,
            "api.ipify.org",
            1,
            DnsWire.Record(DnsWire.Pointer(12), 1, 60, IPAddress.Parse(address).GetAddressBytes())
        );
}
