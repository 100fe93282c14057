namespace IpLookupSensor.Attribution.Windows;

/// <summary>
/// The service accounts that need no LookupAccountSid call (MS-DTYP 2.4.2.4). S-1-5-19 and -20 are the ones the seed
/// rule excludes; NETWORK SERVICE runs the DNS Client service.
/// </summary>
public static class WellKnownAccounts
{
    public const string LocalSystem = "S-1-5-18";
    public const string LocalService = "S-1-5-19";
    public const string NetworkService = "S-1-5-20";

    public static (string Name, string Domain)? Find(string sid) =>
        sid switch
        {
            LocalSystem => ("SYSTEM", "NT AUTHORITY"),
            LocalService => ("LOCAL SERVICE", "NT AUTHORITY"),
            NetworkService => ("NETWORK SERVICE", "NT AUTHORITY"),
            _ => null,
        };
}
