namespace IpLookupSensor.Rules.Syntax;

/// <summary>One token; <see cref="Text"/> is the decoded value for strings and the source text otherwise.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, SourcePosition Position)
{
    public bool IsKeyword(string keyword) =>
        Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}
