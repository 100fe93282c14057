using System.Globalization;

namespace IpLookupSensor.Attribution.Linux;

/// <summary>
/// /etc/passwd (passwd(5)): <c>name:password:uid:gid:gecos:home:shell</c>. The first entry for a uid wins, as getpwuid
/// does.
/// </summary>
public static class PasswdParser
{
    public static Dictionary<uint, string> Parse(string text)
    {
        var names = new Dictionary<uint, string>();
        foreach (string line in text.Split('\n'))
        {
            string[] fields = line.Split(':');
            if (
                fields.Length >= 3
                && fields[0].Length > 0
                && !fields[0].StartsWith('#')
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
            )
            {
                names.TryAdd(uid, fields[0]);
            }
        }

        return names;
    }
}
