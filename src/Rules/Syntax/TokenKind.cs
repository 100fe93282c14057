namespace IpLookupSensor.Rules.Syntax;

internal enum TokenKind
{
    End,
    Identifier,
    String,
    Integer,
    Decimal,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Pipe,
    Colon,
    Question,
    Tilde,
    Equals,

    /// <summary>A lone '=': not an EQL operator, but it appears in sequence syntax (maxspan=5m).</summary>
    Assign,
    NotEquals,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
}
