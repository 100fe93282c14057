namespace IpLookupSensor.Sensor.Service;

internal sealed class SpoolOptions
{
    /// <summary>
    /// Empty: /var/lib/iplookup-sensor/spool as root, ~/.local/state/iplookup-sensor/spool otherwise.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>Disk per destination before the oldest alerts are dropped, e.g. 500M or 2G.</summary>
    public string Quota { get; set; } = "100M";
}
