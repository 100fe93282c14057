namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>
/// Tests that count allocated bytes run alone: a garbage collection caused by a test running beside them
/// trims shared pools and would show up as their allocation.
/// </summary>
[CollectionDefinition(nameof(AllocationSensitive), DisableParallelization = true)]
public sealed class AllocationSensitive;
