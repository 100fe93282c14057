namespace IpLookupSensor.Rules.Runtime;

internal static class EqlValues
{
    /// <summary>
    /// Orders two values of comparable kinds: numbers numerically, strings by ordinal (case-sensitive, as ES),
    /// booleans false before true. Null when either is null or the kinds differ.
    /// </summary>
    public static int? Compare(EqlValue a, EqlValue b, bool ignoreCase = false)
    {
        if (a.IsNumber && b.IsNumber)
        {
            return a.Kind == EqlValueKind.Integer && b.Kind == EqlValueKind.Integer
                ? a.Integer.CompareTo(b.Integer)
                : a.Double.CompareTo(b.Double);
        }

        if (a.Kind != b.Kind || a.IsNull)
        {
            return null;
        }

        return a.Kind switch
        {
            EqlValueKind.String => Math.Sign(
                string.Compare(
                    a.String,
                    b.String,
                    ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal
                )
            ),
            _ => a.Boolean.CompareTo(b.Boolean),
        };
    }
}
