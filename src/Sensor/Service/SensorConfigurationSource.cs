using IpLookupSensor.Sensor.Cli;

namespace IpLookupSensor.Sensor.Service;

/// <summary>How the options were put together, so a reload reads the same sources with the same command line.</summary>
internal sealed class SensorConfigurationSource(ArgumentReader arguments)
{
    public string? ConfigFile { get; } = arguments.Single("--config");

    public SensorOptions Load() => SensorConfiguration.Load(arguments);
}
