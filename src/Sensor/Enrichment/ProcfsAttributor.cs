using System.Net;
using IpLookupSensor.Attribution;
using IpLookupSensor.Attribution.Linux;
using IpLookupSensor.Sensor.Events;
using IpLookupSensor.Sensor.Packets;

namespace IpLookupSensor.Sensor.Enrichment;

/// <summary>
/// Linux host mode: names the process behind the local end of a DNS message from /proc, at capture time, while
/// the client's socket is still open (it waits for the answer). Runs on the capture thread, so only for the
/// events that need it (rule candidates, or all with --events).
/// </summary>
internal sealed class ProcfsAttributor(ProcfsSocketOwnerResolver resolver) : IEventAttributor
{
    public bool AppliesToAll => false;

    public void Attribute(DnsEvent e)
    {
        // A query leaves from the local client; an answer comes back to it.
        (IpAddressValue address, ushort port) = e.IsQuery ? (e.SourceIp, e.SourcePort) : (e.DestinationIp, e.DestinationPort);
        Span<byte> bytes = stackalloc byte[16];
        var local = new IPAddress(bytes[..address.WriteBytes(bytes)]);
        SocketTransport transport = e.Transport == Transport.Udp ? SocketTransport.Udp : SocketTransport.Tcp;

        ProcessIdentityInfo? owner = resolver.Resolve(transport, local, port);
        e.Attribution = owner is null ? AttributionStatus.Unattributed : AttributionStatus.Direct;
        e.Process = owner is null ? null : new ProcessIdentity(
            owner.Pid, owner.Name, owner.Executable, owner.UserId, owner.UserName, owner.Args, owner.Start, owner.EntityId);
    }
}
