using IpLookupSensor.Sensor.Correlation;
using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Detection;

/// <summary>What the attribution thread does with each item of the <see cref="AttributionQueue"/>.</summary>
internal interface IAttributionWorker
{
    /// <summary>
    /// A queued event, decoded again from <paramref name="source"/> (which it may copy to keep it longer).
    /// </summary>
    void OnQueuedEvent(DnsEvent dnsEvent, EventCopy source);

    /// <summary>A response queued only for its answers (not a rule candidate itself).</summary>
    void OnQueuedAnswer(DnsEvent dnsEvent);

    /// <summary>A connection a local process began, to an address a held lookup was answered with.</summary>
    void OnQueuedConnection(ConnectionAttempt connection);

    /// <summary>
    /// At least every <see cref="AttributionQueue.TickInterval"/>, busy or idle: time to let expired holds go.
    /// </summary>
    void OnTick();
}
