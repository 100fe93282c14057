using IpLookupSensor.Attribution.Windows;
using NSubstitute;

namespace IpLookupSensor.Attribution.Tests.Windows;

public sealed class IpHelperTableReaderTests
{
    private static readonly byte[] s_table = new OwnerTableBuilder(SocketTransport.Udp, ipv6: false)
        .Row("127.0.0.1", 40_000, 321)
        .Build();

    [Fact]
    public void GrowsTheBufferToTheSizeWindowsAsksFor_ThenReusesIt()
    {
        var ipHelper = Substitute.For<IIpHelper>();
        var sizesOffered = new List<int>();
        ipHelper
            .GetOwnerTable(SocketTransport.Udp, false, Arg.Any<byte[]>(), ref Arg.Any<uint>())
            .Returns(call =>
            {
                byte[] buffer = call.ArgAt<byte[]>(2);
                sizesOffered.Add(buffer.Length);
                if (buffer.Length < s_table.Length)
                {
                    call[3] = (uint)s_table.Length;
                    return 122u;
                }

                s_table.CopyTo(buffer, 0);
                return 0u;
            });
        var reader = new IpHelperTableReader(ipHelper);

        IpHelperRow first = Assert.Single(reader.TryRead(SocketTransport.Udp, ipv6: false, out uint error)!);
        Assert.Single(reader.TryRead(SocketTransport.Udp, ipv6: false, out _)!);

        Assert.Equal((0u, 321), (error, first.Pid));
        Assert.Equal(3, sizesOffered.Count); // the probe, the fetch, then one call with the kept buffer
        Assert.Equal(0, sizesOffered[0]);
        Assert.True(sizesOffered[1] >= s_table.Length);
        Assert.Equal(sizesOffered[1], sizesOffered[2]);
    }

    [Fact]
    public void ATableThatKeepsGrowing_GivesUpAfterMaxAttempts()
    {
        var ipHelper = Substitute.For<IIpHelper>();
        ipHelper
            .GetOwnerTable(default, default, default!, ref Arg.Any<uint>())
            .ReturnsForAnyArgs(call =>
            {
                call[3] = (uint)call.ArgAt<byte[]>(2).Length + 100_000;
                return 122u;
            });

        Assert.Null(new IpHelperTableReader(ipHelper).TryRead(SocketTransport.Tcp, ipv6: true, out uint error));

        Assert.Equal(122u, error);
        ipHelper
            .ReceivedWithAnyArgs(IpHelperTableReader.MaxAttempts)
            .GetOwnerTable(default, default, default!, ref Arg.Any<uint>());
    }

    [Fact]
    public void AnyOtherError_IsReturnedAtOnce()
    {
        var ipHelper = Substitute.For<IIpHelper>();
        // ERROR_INVALID_PARAMETER
        ipHelper.GetOwnerTable(default, default, default!, ref Arg.Any<uint>()).ReturnsForAnyArgs(87u);

        Assert.Null(new IpHelperTableReader(ipHelper).TryRead(SocketTransport.Udp, ipv6: false, out uint error));

        Assert.Equal(87u, error);
        ipHelper.ReceivedWithAnyArgs(1).GetOwnerTable(default, default, default!, ref Arg.Any<uint>());
    }
}
