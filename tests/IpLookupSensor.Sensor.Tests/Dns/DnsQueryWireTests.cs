using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Pipeline;

namespace IpLookupSensor.Sensor.Tests.Dns;

/// <summary>
/// Query messages built for names known without a packet (the Windows DNS Client's events, which any process shapes).
/// </summary>
public sealed class DnsQueryWireTests
{
    [Theory]
    [InlineData("api.ipify.org", 1, "api.ipify.org")]
    [InlineData("API.ipify.org.", 28, "api.ipify.org")]
    [InlineData("localhost", 0, "localhost")] // type 0 (not given) becomes A
    public void Write_AName_DecodesBackToIt(string name, ushort type, string expected)
    {
        var wire = new byte[DnsQueryWire.MaxLength];
        int length = DnsQueryWire.Write(name, type, wire);
        var e = new DnsEvent(new DnsMessage()) { QuestionIndex = 0 };

        Assert.Equal(SkipReason.None, DnsMessageDecoder.Decode(wire.AsSpan(0, length), e.Message));
        Assert.Equal(
            (false, expected, type == 0 ? (ushort)1 : type),
            (e.Message.IsResponse, e.QuestionName.ToString(), e.Question.Type)
        );
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a..b")]
    [InlineData("with space.example")]
    [InlineData("caf\u00e9.example")]
    public void Write_WhatCannotBeANameOnTheWire_IsRefused(string name) =>
        Assert.Equal(0, DnsQueryWire.Write(name, 1, new byte[DnsQueryWire.MaxLength]));

    [Fact]
    public void Write_LabelAndNameLimits_AreRfc1035s()
    {
        var wire = new byte[DnsQueryWire.MaxLength];
        Assert.NotEqual(0, DnsQueryWire.Write(new string('a', 63) + ".example", 1, wire));
        Assert.Equal(0, DnsQueryWire.Write(new string('a', 64) + ".example", 1, wire));
        // 253 characters
        string longest = string.Join('.', Enumerable.Repeat(new string('b', 63), 3)) + "." + new string('c', 61);
        Assert.NotEqual(0, DnsQueryWire.Write(longest, 1, wire));
        Assert.Equal(0, DnsQueryWire.Write(longest + "c", 1, wire));
    }
}
