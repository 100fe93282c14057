using System.Globalization;
using System.Text;

namespace IpLookupSensor.Rules.Syntax;

/// <summary>
/// EQL text to tokens, as Elasticsearch's lexer reads it: <c>//</c> and <c>/* */</c> comments anywhere,
/// <c>"..."</c> strings with ES's escapes (unknown escapes kept verbatim), <c>"""raw"""</c> strings,
/// backquoted field names, and no single-quoted strings.
/// </summary>
internal sealed class Tokenizer(string text)
{
    private int _index;
    private int _line = 1;
    private int _lineStart;

    private SourcePosition Here => new(_line, _index - _lineStart + 1);

    /// <summary>The next token; read on demand, so text after a refused construct is never looked at.</summary>
    public Token Next()
    {
        SkipSpaceAndComments();
        SourcePosition start = Here;
        if (_index >= text.Length)
        {
            return new Token(TokenKind.End, string.Empty, start);
        }

        char c = text[_index];
        if (c == '"')
        {
            return new Token(TokenKind.String, ReadString(start), start);
        }

        if (c == '\'')
        {
            throw new EqlException("single-quoted strings are not supported; use \"...\" or \"\"\"...\"\"\"", start);
        }

        if (c == '`')
        {
            return new Token(TokenKind.Identifier, ReadBackquoted(start), start);
        }

        if (char.IsAsciiDigit(c))
        {
            return ReadNumber(start);
        }

        if (char.IsAsciiLetter(c) || c is '_' or '@')
        {
            int begin = _index;
            while (
                _index < text.Length && (char.IsAsciiLetterOrDigit(text[_index]) || text[_index] is '_' or '.' or '@')
            )
            {
                _index++;
            }

            return new Token(TokenKind.Identifier, text[begin.._index], start);
        }

        int operatorStart = _index++;
        TokenKind kind = c switch
        {
            '(' => TokenKind.LeftParen,
            ')' => TokenKind.RightParen,
            '[' => TokenKind.LeftBracket,
            ']' => TokenKind.RightBracket,
            ',' => TokenKind.Comma,
            '|' => TokenKind.Pipe,
            ':' => TokenKind.Colon,
            '?' => TokenKind.Question,
            '~' => TokenKind.Tilde,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '%' => TokenKind.Percent,
            '=' when Take('=') => TokenKind.Equals,
            '=' => TokenKind.Assign,
            '!' when Take('=') => TokenKind.NotEquals,
            '<' => Take('=') ? TokenKind.LessOrEqual : TokenKind.Less,
            '>' => Take('=') ? TokenKind.GreaterOrEqual : TokenKind.Greater,
            _ => throw new EqlException($"unexpected character '{c}'", start),
        };
        return new Token(kind, text[operatorStart.._index], start);
    }

    private bool Take(char expected)
    {
        if (_index < text.Length && text[_index] == expected)
        {
            _index++;
            return true;
        }

        return false;
    }

    private void SkipSpaceAndComments()
    {
        while (_index < text.Length)
        {
            char c = text[_index];
            if (c == '\n')
            {
                _index++;
                _line++;
                _lineStart = _index;
            }
            else if (char.IsWhiteSpace(c))
            {
                _index++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_index < text.Length && text[_index] != '\n')
                {
                    _index++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                SourcePosition start = Here;
                int end = text.IndexOf("*/", _index + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new EqlException("comment /* is never closed with */", start);
                }

                for (; _index < end + 2; _index++)
                {
                    if (text[_index] == '\n')
                    {
                        _line++;
                        _lineStart = _index + 1;
                    }
                }
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int ahead) => _index + ahead < text.Length ? text[_index + ahead] : '\0';

    private string ReadString(SourcePosition start)
    {
        if (Peek(1) == '"' && Peek(2) == '"')
        {
            // """raw""": no escapes at all, cannot contain """.
            int end = text.IndexOf("\"\"\"", _index + 3, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new EqlException("string \"\"\" is never closed", start);
            }

            string raw = text[(_index + 3)..end];
            _index = end + 3;
            return raw;
        }

        var value = new StringBuilder();
        _index++;
        while (true)
        {
            if (_index >= text.Length || text[_index] == '\n')
            {
                throw new EqlException("string is never closed with \"", start);
            }

            char c = text[_index++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\' || _index >= text.Length)
            {
                value.Append(c);
                continue;
            }

            // ES AbstractBuilder.unquoteString: known escapes are decoded, any other is kept as written.
            char escaped = text[_index++];
            switch (escaped)
            {
                case 't':
                    value.Append('\t');
                    break;
                case 'b':
                    value.Append('\b');
                    break;
                case 'f':
                    value.Append('\f');
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case '"':
                    value.Append('"');
                    break;
                case '\'':
                    value.Append('\'');
                    break;
                case '\\':
                    value.Append('\\');
                    break;
                case 'u' when Peek(0) == '{':
                    value.Append(ReadUnicodeEscape(start));
                    break;
                default:
                    value.Append('\\').Append(escaped);
                    break;
            }
        }
    }

    private string ReadUnicodeEscape(SourcePosition start)
    {
        int close = text.IndexOf('}', _index);
        string hex = close > _index ? text[(_index + 1)..close] : string.Empty;
        // Eight hex digits with the top bit set parse as a negative int.
        if (
            hex.Length is < 2 or > 8
            || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)
            || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF)
        )
        {
            throw new EqlException("\\u{...} needs 2 to 8 hex digits naming a Unicode scalar value", start);
        }

        _index = close + 1;
        return char.ConvertFromUtf32(code);
    }

    private string ReadBackquoted(SourcePosition start)
    {
        var name = new StringBuilder();
        _index++;
        while (true)
        {
            if (_index >= text.Length)
            {
                throw new EqlException("field name ` is never closed", start);
            }

            char c = text[_index++];
            if (c == '`')
            {
                if (Peek(0) != '`')
                {
                    return name.ToString();
                }

                _index++; // `` is a literal backquote
            }

            name.Append(c);
        }
    }

    private Token ReadNumber(SourcePosition start)
    {
        int begin = _index;
        while (char.IsAsciiDigit(Peek(0)))
        {
            _index++;
        }

        bool isDecimal = false;
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            isDecimal = true;
            _index++;
            while (char.IsAsciiDigit(Peek(0)))
            {
                _index++;
            }
        }

        if (
            Peek(0) is 'e' or 'E'
            && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2))))
        )
        {
            isDecimal = true;
            _index += 2;
            while (char.IsAsciiDigit(Peek(0)))
            {
                _index++;
            }
        }

        if (char.IsAsciiLetter(Peek(0)))
        {
            throw new EqlException($"'{text[begin..(_index + 1)]}' is neither a number nor a name", start);
        }

        return new Token(isDecimal ? TokenKind.Decimal : TokenKind.Integer, text[begin.._index], start);
    }
}
