namespace IpLookupSensor.Sensor.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int RuntimeFailure = 1;
    public const int BadUsage = 2;
}
