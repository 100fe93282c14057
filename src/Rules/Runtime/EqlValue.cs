using System.Globalization;

namespace IpLookupSensor.Rules.Runtime;

/// <summary>A scalar as EQL sees it: null, boolean, integer, double or string. A struct: no boxing.</summary>
public readonly record struct EqlValue
{
    private readonly long _integer;
    private readonly double _double;
    private readonly string? _string;

    private EqlValue(EqlValueKind kind, long integer = 0, double @double = 0, string? @string = null)
    {
        Kind = kind;
        _integer = integer;
        _double = @double;
        _string = @string;
    }

    public static EqlValue Null => default;

    public EqlValueKind Kind { get; }

    public bool IsNull => Kind == EqlValueKind.Null;

    public bool IsNumber => Kind is EqlValueKind.Integer or EqlValueKind.Double;

    public bool Boolean => _integer != 0;

    public long Integer => _integer;

    public double Double => Kind == EqlValueKind.Integer ? _integer : _double;

    public string String => _string ?? string.Empty;

    public static EqlValue From(bool value) => new(EqlValueKind.Boolean, value ? 1 : 0);

    public static EqlValue From(long value) => new(EqlValueKind.Integer, value);

    public static EqlValue From(double value) => new(EqlValueKind.Double, @double: value);

    public static EqlValue From(string? value) => value is null ? Null : new(EqlValueKind.String, @string: value);

    /// <summary>The string as a span, when this is a string.</summary>
    public bool TryGetText(out ReadOnlySpan<char> text)
    {
        text = Kind == EqlValueKind.String ? String.AsSpan() : default;
        return Kind == EqlValueKind.String;
    }

    /// <summary>EQL literal text: strings quoted with the escapes EQL reads back.</summary>
    public string ToLiteral() =>
        Kind switch
        {
            EqlValueKind.Null => "null",
            EqlValueKind.Boolean => Boolean ? "true" : "false",
            EqlValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
            EqlValueKind.Double => _double.ToString("R", CultureInfo.InvariantCulture),
            _ => Quote(String),
        };

    /// <summary>The value as the string() function renders it; null stays null.</summary>
    public string? ToText() =>
        Kind switch
        {
            EqlValueKind.Null => null,
            EqlValueKind.String => String,
            EqlValueKind.Boolean => Boolean ? "true" : "false",
            EqlValueKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
            _ => _double.ToString("R", CultureInfo.InvariantCulture),
        };

    public override string ToString() => ToLiteral();

    private static string Quote(string text) =>
        "\""
        + text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal)
        + "\"";
}
