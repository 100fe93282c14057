namespace IpLookupSensor.Rules.Syntax.Ast;

/// <summary>
/// A field path; <see cref="Optional"/> (<c>?field</c>) makes an unknown field null instead of an error.
/// </summary>
public sealed record FieldReference(string Path, bool Optional, SourcePosition Position) : Expression(Position)
{
    public override string ToString()
    {
        bool plain =
            Path.Length > 0
            && Path.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@')
            && !char.IsAsciiDigit(Path[0]);
        string name = plain ? Path : "`" + Path.Replace("`", "``", StringComparison.Ordinal) + "`";
        return Optional ? "?" + name : name;
    }
}
