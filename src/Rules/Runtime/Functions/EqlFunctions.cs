using System.Globalization;
using System.Net;
using IpLookupSensor.Rules.Runtime.Nodes;
using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Runtime.Functions;

/// <summary>
/// The functions of Elasticsearch's EQL function reference. Any null argument gives null. Names resolve
/// case-insensitively; a <c>~</c> suffix makes string comparisons case-insensitive where ES allows it.
/// </summary>
internal static class EqlFunctions
{
    private static readonly Dictionary<string, EqlFunction> s_byName = new EqlFunction[]
    {
        new("add", 2, 2, false, false, (a, _) => Math(ArithmeticOperator.Add, a)),
        new("between", 3, 4, true, false, Between),
        new("cidrMatch", 2, int.MaxValue, false, true, CidrMatch),
        new("concat", 1, int.MaxValue, false, false, Concat),
        new("divide", 2, 2, false, false, (a, _) => Math(ArithmeticOperator.Divide, a)),
        new("endsWith", 2, 2, true, true, (a, ci) => Strings(a, (s, t) => s.EndsWith(t, Comparison(ci)))),
        new("indexOf", 2, 3, true, false, IndexOf),
        new(
            "length",
            1,
            1,
            false,
            false,
            (a, _) => a[0].Kind == EqlValueKind.String ? EqlValue.From(a[0].String.Length) : EqlValue.Null
        ),
        new("modulo", 2, 2, false, false, (a, _) => Math(ArithmeticOperator.Modulo, a)),
        new("multiply", 2, 2, false, false, (a, _) => Math(ArithmeticOperator.Multiply, a)),
        new("number", 1, 2, false, false, Number),
        new("startsWith", 2, 2, true, true, (a, ci) => Strings(a, (s, t) => s.StartsWith(t, Comparison(ci)))),
        new("string", 1, 1, false, false, (a, _) => EqlValue.From(a[0].ToText())),
        new(
            "stringContains",
            2,
            2,
            true,
            true,
            (a, ci) => Strings(a, (s, t) => t.Length > 0 && s.Contains(t, Comparison(ci)))
        ),
        new("substring", 2, 3, false, false, Substring),
        new("subtract", 2, 2, false, false, (a, _) => Math(ArithmeticOperator.Subtract, a)),
    }.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => s_byName.Values.Select(f => f.Name);

    public static EqlFunction? Find(string name) => s_byName.GetValueOrDefault(name);

    private static StringComparison Comparison(bool ignoreCase) =>
        ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool AnyNull(ReadOnlySpan<EqlValue> arguments)
    {
        foreach (EqlValue argument in arguments)
        {
            if (argument.IsNull)
            {
                return true;
            }
        }

        return false;
    }

    private static EqlValue Math(ArithmeticOperator op, ReadOnlySpan<EqlValue> a) =>
        ArithmeticNode<object>.Apply(op, a[0], a[1]);

    private static EqlValue Strings(ReadOnlySpan<EqlValue> a, Func<string, string, bool> test) =>
        a[0].Kind == EqlValueKind.String && a[1].Kind == EqlValueKind.String
            ? EqlValue.From(test(a[0].String, a[1].String))
            : EqlValue.Null;

    // between(source, left, right[, greedy]): the text after the first left and before the next (or, greedy, the last)
    // right.
    private static EqlValue Between(ReadOnlySpan<EqlValue> a, bool ignoreCase)
    {
        if (AnyNull(a[..3]))
        {
            return EqlValue.Null;
        }

        string source = a[0].ToText()!,
            left = a[1].ToText()!,
            right = a[2].ToText()!;
        bool greedy = a.Length > 3 && a[3].Kind == EqlValueKind.Boolean && a[3].Boolean;
        StringComparison comparison = Comparison(ignoreCase);
        int start = source.IndexOf(left, comparison);
        if (start < 0)
        {
            return EqlValue.From(string.Empty);
        }

        start += left.Length;
        int end = greedy ? source.LastIndexOf(right, comparison) : source.IndexOf(right, start, comparison);
        return EqlValue.From(end < start ? string.Empty : source[start..end]);
    }

    private static EqlValue CidrMatch(ReadOnlySpan<EqlValue> a, bool ignoreCase)
    {
        if (AnyNull(a) || a[0].Kind != EqlValueKind.String || !IPAddress.TryParse(a[0].String, out IPAddress? address))
        {
            return EqlValue.Null;
        }

        foreach (EqlValue block in a[1..])
        {
            if (block.Kind == EqlValueKind.String && InBlock(address, block.String))
            {
                return EqlValue.From(true);
            }
        }

        return EqlValue.From(false);
    }

    // "10.6.48.157/8" is accepted and masked, as Elasticsearch does: only the first prefix bits are compared.
    private static bool InBlock(IPAddress address, string block)
    {
        int slash = block.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? block : block[..slash], out IPAddress? network))
        {
            return false;
        }

        byte[] a = Normalize(address).GetAddressBytes();
        byte[] n = Normalize(network).GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        int prefix = a.Length * 8;
        if (
            slash >= 0
            && (
                !int.TryParse(block.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
                || prefix > a.Length * 8
            )
        )
        {
            return false;
        }

        for (int bit = 0; bit < prefix; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static EqlValue Concat(ReadOnlySpan<EqlValue> a, bool ignoreCase)
    {
        if (AnyNull(a))
        {
            return EqlValue.Null;
        }

        var text = new System.Text.StringBuilder();
        foreach (EqlValue value in a)
        {
            text.Append(value.ToText());
        }

        return EqlValue.From(text.ToString());
    }

    private static EqlValue IndexOf(ReadOnlySpan<EqlValue> a, bool ignoreCase)
    {
        if (a[0].Kind != EqlValueKind.String || a[1].Kind != EqlValueKind.String)
        {
            return EqlValue.Null;
        }

        if (a.Length > 2 && a[2].Kind != EqlValueKind.Integer)
        {
            return EqlValue.Null; // an explicit null start gives null
        }

        long start = a.Length > 2 ? System.Math.Max(0, a[2].Integer) : 0; // negative starts count as 0
        if (start > a[0].String.Length)
        {
            return EqlValue.Null;
        }

        int index = a[0].String.IndexOf(a[1].String, (int)start, Comparison(ignoreCase));
        return index < 0 ? EqlValue.Null : EqlValue.From(index);
    }

    private static EqlValue Number(ReadOnlySpan<EqlValue> a, bool ignoreCase)
    {
        if (a[0].IsNumber)
        {
            return a[0];
        }

        if (a[0].Kind != EqlValueKind.String)
        {
            return EqlValue.Null;
        }

        // Surrounding whitespace is ignored; "0x" means base 16 unless a base is given (an explicit null is none).
        string text = a[0].String.Trim();
        bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        int numberBase =
            a.Length > 1 && a[1].Kind == EqlValueKind.Integer ? (int)a[1].Integer
            : hex ? 16
            : 10;
        if (hex && numberBase == 16)
        {
            text = text[2..];
        }

        if (numberBase != 10)
        {
            try
            {
                return EqlValue.From(Convert.ToInt64(text, numberBase));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                return EqlValue.Null;
            }
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
                ? EqlValue.From(integer)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real)
                ? EqlValue.From(real)
            : EqlValue.Null;
    }

    // substring(source, start[, end]): Python slice semantics, negative positions count from the end.
    private static EqlValue Substring(ReadOnlySpan<EqlValue> a, bool ignoreCase)
    {
        if (a[0].Kind != EqlValueKind.String || a[1].Kind != EqlValueKind.Integer)
        {
            return EqlValue.Null;
        }

        string source = a[0].String;
        int length = source.Length;
        int Clamp(long position) =>
            (int)(position < 0 ? System.Math.Max(0, length + position) : System.Math.Min(length, position));
        int start = Clamp(a[1].Integer);
        int end = a.Length > 2 && a[2].Kind == EqlValueKind.Integer ? Clamp(a[2].Integer) : length;
        return EqlValue.From(end <= start ? string.Empty : source[start..end]);
    }
}
