using IpLookupSensor.Sensor.Capture.Live;
using SharpPcap.LibPcap;

namespace IpLookupSensor.Sensor.Cli;

/// <summary>
/// <c>interfaces</c>: what <c>run --interface</c> accepts, and which ones <c>run</c> opens by default.
/// </summary>
internal static class InterfacesCommand
{
    public static int Execute(TextWriter stdout)
    {
        foreach (LibPcapLiveDevice device in LiveCaptureSource.ListDevices())
        {
            bool isDefault = LiveCaptureSource.IsUp(device) && device.Name != "any";
            string addresses = string.Join(
                " ",
                device.Addresses.Select(a => a.Addr?.ipAddress).OfType<System.Net.IPAddress>()
            );
            stdout.WriteLine(
                $"{device.Name, -20} "
                    + $"{(isDefault ? "up (default)" : LiveCaptureSource.IsUp(device) ? "up" : "down"), -13} "
                    + $"{device.Description ?? string.Empty} {addresses}".TrimEnd()
            );
        }

        return ExitCodes.Ok;
    }
}
