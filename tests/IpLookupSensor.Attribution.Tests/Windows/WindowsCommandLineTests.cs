using System.Buffers.Binary;
using System.Text;
using IpLookupSensor.Attribution.Windows;

namespace IpLookupSensor.Attribution.Tests.Windows;

/// <summary>
/// The command line Windows reports, split as programs see their argv (Microsoft's "Parsing C++ command-line arguments"
/// examples).
/// </summary>
public sealed class WindowsCommandLineTests
{
    [Theory]
    [InlineData("p \"abc\" d e", new[] { "p", "abc", "d", "e" })]
    [InlineData(@"p a\\b d""e f""g h", new[] { "p", @"a\\b", "de fg", "h" })]
    [InlineData(@"p a\\\""b c d", new[] { "p", @"a\""b", "c", "d" })]
    [InlineData(@"p a\\\\""b c"" d e", new[] { "p", @"a\\b c", "d", "e" })]
    [InlineData("p a\"b\"\" c d", new[] { "p", "ab\" c d" })]
    [InlineData(
        @"""C:\Program Files\curl\curl.exe"" -s https://api.ipify.org",
        new[] { @"C:\Program Files\curl\curl.exe", "-s", "https://api.ipify.org" }
    )]
    [InlineData(
        @"C:\Windows\System32\nslookup.exe   api.ipify.org  ",
        new[] { @"C:\Windows\System32\nslookup.exe", "api.ipify.org" }
    )]
    [InlineData(@"""C:\a b\unclosed", new[] { @"C:\a b\unclosed" })]
    [InlineData("", new string[0])]
    public void Split_FollowsTheCRuntimesRules(string commandLine, string[] expected) =>
        Assert.Equal(expected, WindowsCommandLine.Split(commandLine));

    [Fact]
    public void UnicodeStringReader_ReadsTheTextItsPointerNames_InsideTheBufferOnly()
    {
        const ulong Address = 0x7FF6_0000_1000;
        byte[] text = Encoding.Unicode.GetBytes("curl.exe -s");
        var buffer = new byte[UnicodeStringReader.HeaderLength + text.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, (ushort)text.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(2), (ushort)text.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8), Address + UnicodeStringReader.HeaderLength);
        text.CopyTo(buffer, UnicodeStringReader.HeaderLength);

        Assert.Equal("curl.exe -s", UnicodeStringReader.Read(buffer, Address));
        Assert.Null(UnicodeStringReader.Read(buffer, Address + 64)); // the pointer is not inside the buffer
        // the text runs past the end
        Assert.Null(UnicodeStringReader.Read(buffer.AsSpan(0, buffer.Length - 2), Address));
        Assert.Null(UnicodeStringReader.Read(buffer.AsSpan(0, 8), Address));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, 0);
        Assert.Equal(string.Empty, UnicodeStringReader.Read(buffer, Address));
    }
}
