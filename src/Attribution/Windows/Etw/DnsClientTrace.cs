using System.Runtime.Versioning;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Session;

namespace IpLookupSensor.Attribution.Windows.Etw;

/// <summary>
/// A real-time ETW session on Microsoft-Windows-DNS-Client: for each lookup an application asks the DNS Client
/// service for (events 3006, query started, and 3008, completed), the requester's pid, the name and type, and the
/// event's time, handed to <c>onLookup</c> on the session's thread. Needs Administrator; events arrive a second
/// or so late (docs/attribution.md §2.4). Disposing stops the session.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class DnsClientTrace : IDisposable
{
    public const string ProviderName = "Microsoft-Windows-DNS-Client";
    public const string SessionName = "IpLookupSensor-DnsClient";

    private readonly TraceEventSession _session;
    private readonly Thread _thread;

    private DnsClientTrace(TraceEventSession session, Action<long, int, string, ushort> onLookup)
    {
        _session = session;
        var parser = new RegisteredTraceEventParser(session.Source);
        parser.All += data =>
        {
            // TraceEvent reuses the event object: copy the fields now.
            if ((int)data.ID is 3006 or 3008 && data.PayloadByName("QueryName") is string name)
            {
                ushort type = data.PayloadByName("QueryType") is { } value
                    ? Convert.ToUInt16(value, System.Globalization.CultureInfo.InvariantCulture)
                    : (ushort)0;
                long nanoseconds = (data.TimeStamp.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;
                onLookup(nanoseconds, data.ProcessID, name, type);
            }
        };
        _thread = new Thread(() => session.Source.Process()) { IsBackground = true, Name = "etw dns-client" };
        _thread.Start();
    }

    /// <summary>
    /// Starts the session, replacing one a previous run left behind; null with the reason when it cannot (not
    /// elevated).
    /// </summary>
    public static DnsClientTrace? TryStart(Action<long, int, string, ushort> onLookup, out string? failure)
    {
        failure = null;
        TraceEventSession? session = null;
        try
        {
            session = new TraceEventSession(SessionName) { StopOnDispose = true };
            session.EnableProvider(ProviderName, TraceEventLevel.Informational, ulong.MaxValue);
            return new DnsClientTrace(session, onLookup);
        }
        catch (Exception e)
            when (e
                    is UnauthorizedAccessException
                        or InvalidOperationException
                        or System.Runtime.InteropServices.COMException
            )
        {
            session?.Dispose();
            failure = e.Message;
            return null;
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
