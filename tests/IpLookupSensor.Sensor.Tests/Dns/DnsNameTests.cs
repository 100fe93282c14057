using IpLookupSensor.Sensor.Dns;
using IpLookupSensor.Sensor.Pipeline;
using static IpLookupSensor.Sensor.Tests.Support.DnsWire;

namespace IpLookupSensor.Sensor.Tests.Dns;

public sealed class DnsNameTests
{
    private static (SkipReason Status, string Name, int Consumed) Read(byte[] message, int offset)
    {
        var buffer = new char[DnsName.MaxPresentationLength];
        SkipReason status = DnsName.TryRead(message, offset, buffer, out int consumed, out int written);
        return (status, new string(buffer, 0, written), consumed);
    }

    [Fact]
    public void TryRead_PlainName_LowerCasesAndDropsTrailingDot()
    {
        byte[] message = [.. new byte[12], .. Name("Api.IPIFY.org")];
        Assert.Equal((SkipReason.None, "api.ipify.org", 15), Read(message, 12));
    }

    [Fact]
    public void TryRead_CompressedName_FollowsBackwardPointerAndCountsOnlyUpToIt()
    {
        //                     0-11 header | 12-24 "ipify.org" | 25-30 "api" + pointer to 12
        byte[] message = [.. new byte[12], .. Name("ipify.org"), 3, (byte)'a', (byte)'p', (byte)'i', .. Pointer(12)];
        Assert.Equal((SkipReason.None, "api.ipify.org", 6), Read(message, 23));
    }

    [Theory]
    [InlineData(12)] // to itself
    [InlineData(14)] // past itself
    public void TryRead_PointerNotBeforeName_IsForwardPointer(int target)
    {
        byte[] message = [.. new byte[12], .. Pointer(target), .. Name("x")];
        Assert.Equal(SkipReason.DnsForwardPointer, Read(message, 12).Status);
    }

    [Fact]
    public void TryRead_TwoPointersThatLoop_StopsWithForwardPointer()
    {
        // 12: "a" then pointer to 16; 16: pointer to 12. Every jump must go further back, so the second fails.
        byte[] message = [.. new byte[12], 1, (byte)'a', .. Pointer(16), .. Pointer(12)];
        Assert.Equal(SkipReason.DnsForwardPointer, Read(message, 16).Status);
    }

    [Fact]
    public void TryRead_LongChainOfBackwardPointers_EndsWithinTheNameLimit()
    {
        // Each position holds a one-letter label and a pointer to the previous one: 127 labels are 254 octets.
        var message = new List<byte>(new byte[12]) { 1, (byte)'z', 0 };
        int previous = 12;
        for (int i = 0; i < 200; i++)
        {
            int here = message.Count;
            message.AddRange([1, (byte)'y', .. Pointer(previous)]);
            previous = here;
        }

        Assert.Equal(SkipReason.DnsNameTooLong, Read([.. message], previous).Status);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(0x80)]
    [InlineData(0xBF)]
    public void TryRead_LengthByteOver63_IsLabelTooLong(byte length)
    {
        byte[] message = [.. new byte[12], length, .. new byte[length & 0x3F], 0];
        Assert.Equal(SkipReason.DnsLabelTooLong, Read(message, 12).Status);
    }

    [Fact]
    public void TryRead_NameOf255Octets_IsAcceptedAnd256IsNot()
    {
        string max = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61);
        Assert.Equal(255, Name(max).Length);
        Assert.Equal(SkipReason.None, Read([.. new byte[12], .. Name(max)], 12).Status);
        Assert.Equal(SkipReason.DnsNameTooLong, Read([.. new byte[12], .. Name(max + "b")], 12).Status);
    }

    [Fact]
    public void TryRead_SpecialBytes_AreEscapedInPresentationForm()
    {
        byte[] message =
        [
            .. new byte[12],
            .. Labels([(byte)'a', (byte)'.', (byte)'b'], [(byte)'\\', 0, 9, (byte)' ', 0x7F, 0xC3, 0xA9]),
        ];
        Assert.Equal(@"a\.b.\\\000\009\032\127\195\169", Read(message, 12).Name);
    }

    [Fact]
    public void TryRead_Root_IsADot()
    {
        Assert.Equal((SkipReason.None, ".", 1), Read([.. new byte[12], 0], 12));
    }

    [Fact]
    public void TryRead_CutAtEveryLength_IsTruncatedNeverAnException()
    {
        byte[] message = [.. new byte[12], .. Name("ipify.org"), 3, (byte)'a', (byte)'p', (byte)'i', .. Pointer(12)];
        for (int length = 23; length < message.Length; length++)
        {
            Assert.Equal(SkipReason.DnsTruncated, Read(message[..length], 23).Status);
        }
    }
}
