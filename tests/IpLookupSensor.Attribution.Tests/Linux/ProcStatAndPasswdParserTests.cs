using IpLookupSensor.Attribution.Linux;

namespace IpLookupSensor.Attribution.Tests.Linux;

public sealed class ProcStatAndPasswdParserTests
{
    [Fact]
    public void ProcStat_CommWithSpacesAndParentheses_IsReadToTheLastParenthesis()
    {
        string stat = "4242 (my (odd) proc) S 17 4242 4242 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000 100 0";
        Assert.True(ProcStatParser.TryParse(stat, out ProcStat parsed));
        Assert.Equal(new ProcStat(4242, "my (odd) proc", 'S', 17, 987654), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 no-parentheses S 1")]
    [InlineData("4242 (short) S 1 2 3")]
    [InlineData("x (name) S 1 4242 4242 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 987654 1000")]
    public void ProcStat_Malformed_IsRefused(string stat) => Assert.False(ProcStatParser.TryParse(stat, out _));

    [Fact]
    public void Passwd_FirstEntryPerUidWins_CommentsAndJunkSkipped()
    {
        Dictionary<uint, string> names = PasswdParser.Parse(
            "root:x:0:0:root:/root:/bin/bash\n"
                + "# comment:x:5:5\n"
                + "nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n"
                + "toor:x:0:0::/root:/bin/sh\n"
                + "broken\n"
                + "bad:x:notanumber:0::/:/bin/sh\n"
        );
        Assert.Equal(new Dictionary<uint, string> { [0] = "root", [65534] = "nobody" }, names);
    }
}
