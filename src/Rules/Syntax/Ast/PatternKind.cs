namespace IpLookupSensor.Rules.Syntax.Ast;

public enum PatternKind
{
    /// <summary><c>:</c>: case-insensitive, <c>*</c> and <c>?</c> wildcards.</summary>
    Colon,
    Like,
    LikeInsensitive,
    Regex,
    RegexInsensitive,
}
