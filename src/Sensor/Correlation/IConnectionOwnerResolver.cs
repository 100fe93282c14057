using IpLookupSensor.Sensor.Events;

namespace IpLookupSensor.Sensor.Correlation;

/// <summary>The local process that began a connection, from its local endpoint; null when it cannot be named.</summary>
internal interface IConnectionOwnerResolver
{
    ProcessIdentity? OwnerOf(ConnectionAttempt connection);
}
