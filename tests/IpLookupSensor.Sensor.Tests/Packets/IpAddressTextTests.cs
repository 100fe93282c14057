using System.Net;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Tests.Packets;

public sealed class IpAddressTextTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("::1.2.3.4")]
    [InlineData("::0.0.1.2")]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("::ffff:0:1.2.3.4")]
    [InlineData("64:ff9b::1.2.3.4")]
    [InlineData("1:0:0:1:0:0:0:1")]
    [InlineData("1:0:0:0:1:0:0:1")]
    [InlineData("2001:db8:0:1:1:1:1:1")]
    public void Format_MatchesIPAddressToString(string text) => AssertSame(IPAddress.Parse(text).GetAddressBytes());

    [Fact]
    public void Format_RandomAddresses_MatchIPAddressToString()
    {
        var random = new Random(5952);
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = new byte[i % 3 == 0 ? 4 : 16];
            random.NextBytes(bytes);
            for (int j = 0; j < bytes.Length; j++)
            {
                if (random.Next(3) == 0)
                {
                    bytes[j] = 0; // zero runs are what the formatting rules are about
                }
            }

            AssertSame(bytes);
        }
    }

    private static void AssertSame(byte[] bytes)
    {
        Span<char> text = stackalloc char[IpAddressText.MaxLength];
        int written = IpAddressText.Format(bytes, text);
        Assert.Equal(new IPAddress(bytes).ToString(), text[..written].ToString());
    }
}
