namespace IpLookupSensor.Sensor.Pipeline;

/// <summary>Stable snake_case names of <see cref="SkipReason"/> values, for summaries and metrics.</summary>
internal static class SkipReasons
{
    public const int Count = (int)SkipReason.DnsTooManyAnswers + 1;

    private static readonly string[] s_names = BuildNames();

    public static string Name(SkipReason reason) => s_names[(int)reason];

    private static string[] BuildNames()
    {
        var names = new string[Count];
        for (int i = 0; i < Count; i++)
        {
            names[i] = ToSnakeCase(((SkipReason)i).ToString());
        }

        return names;
    }

    private static string ToSnakeCase(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
