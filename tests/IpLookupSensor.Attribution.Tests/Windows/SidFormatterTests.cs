using IpLookupSensor.Attribution.Windows;

namespace IpLookupSensor.Attribution.Tests.Windows;

public sealed class SidFormatterTests
{
    [Theory]
    [InlineData("010100000000000512000000", "S-1-5-18")]
    [InlineData("010100000000000514000000", "S-1-5-20")]
    // Everyone's authority with no sub-authorities: S-1-1 (trailing byte ignored)
    [InlineData("010000000000000100", "S-1-1")]
    [InlineData("010500000000000515000000D2040000A3DA0100E8030000E9030000", "S-1-5-21-1234-121507-1000-1001")]
    [InlineData("0101010000000000FFFFFFFF", "S-1-0x010000000000-4294967295")] // an authority of 2^32 or more is hex
    public void FormatsBinarySids(string hex, string expected) =>
        Assert.Equal(expected, SidFormatter.Format(Convert.FromHexString(hex)));

    [Theory]
    [InlineData("0101000000000005")] // one sub-authority announced, none present
    [InlineData("020100000000000512000000")] // revision 2 does not exist
    [InlineData("01")]
    public void RejectsWhatIsNotASid(string hex) =>
        Assert.Throws<FormatException>(() => SidFormatter.Format(Convert.FromHexString(hex)));

    [Fact]
    public void Length_ComesFromTheSubAuthorityCount() =>
        Assert.Equal(28, SidFormatter.Length(Convert.FromHexString("0105")));
}
