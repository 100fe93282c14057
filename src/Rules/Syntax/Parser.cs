using System.Globalization;
using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Syntax;

/// <summary>
/// Recursive descent over Elasticsearch's EqlBase grammar for single-event queries. Precedence, loosest first:
/// <c>or</c>, <c>and</c>, <c>not</c>, comparison (not chainable), <c>+ -</c>, <c>* / %</c>, unary minus, then a
/// primary with an optional predicate (<c>[not] in</c>, <c>in~</c>, <c>:</c>, <c>like</c>, <c>regex</c>, …).
/// </summary>
public sealed class Parser
{
    // Deeper queries could exhaust a thread's stack (1.5 MB by default) while parsed, compiled or evaluated, which
    // ends the process: they are refused. Nesting (parentheses, lists, arguments, not, signs) costs the most stack.
    private const int MaxNesting = 100;
    private const int MaxDepth = 500;

    private readonly Tokenizer _tokenizer;
    private readonly List<Token> _tokens = [];
    private int _next;
    private int _nesting;
    private int _depth; // nesting plus the operators of the chains it is inside: a bound on the tree's depth

    private Parser(string text) => _tokenizer = new Tokenizer(text);

    private Token Current => At(_next);

    public static EqlQuery ParseQuery(string text)
    {
        var parser = new Parser(text);
        EqlQuery query = parser.Query();
        parser.Expect(TokenKind.End, "the end of the query");
        return query;
    }

    public static Expression ParseExpression(string text)
    {
        var parser = new Parser(text);
        Expression expression = parser.Or();
        parser.Expect(TokenKind.End, "the end of the expression");
        return expression;
    }

    private EqlQuery Query()
    {
        Token first = Current;
        if (first.IsKeyword("sequence") || first.IsKeyword("sample"))
        {
            throw new EqlException(
                $"{first.Text.ToLowerInvariant()} queries are not supported yet; only single-event queries (category "
                    + $"where condition) are",
                first.Position
            );
        }

        string? category;
        if (first.Kind == TokenKind.String)
        {
            category = first.Text;
        }
        else if (first.Kind == TokenKind.Identifier && !first.IsKeyword("where"))
        {
            category = first.IsKeyword("any") ? null : first.Text;
        }
        else
        {
            throw new EqlException("a query starts with an event category (or any) followed by where", first.Position);
        }

        _next++;
        if (!Current.IsKeyword("where"))
        {
            throw new EqlException($"expected where after the category '{first.Text}'", Current.Position);
        }

        _next++;
        Expression condition = Or();
        var pipes = new List<Pipe>();
        while (Take(TokenKind.Pipe))
        {
            pipes.Add(PipeExpression());
        }

        return new EqlQuery(category, condition, pipes.Count == 0 ? null : pipes);
    }

    private Pipe PipeExpression()
    {
        Token name = Current;
        if (!name.IsKeyword("head") && !name.IsKeyword("tail"))
        {
            throw new EqlException(
                $"the pipe '{name.Text}' is not supported; Elasticsearch runs only head and tail on these queries",
                name.Position
            );
        }

        _next++;
        Token count = Current;
        if (
            count.Kind != TokenKind.Integer
            || !long.TryParse(count.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            || n <= 0
        )
        {
            throw new EqlException($"{name.Text.ToLowerInvariant()} needs a positive whole number", count.Position);
        }

        _next++;
        return new Pipe(name.IsKeyword("head"), n);
    }

    private Expression Or()
    {
        Enter(Current.Position);
        int depth = _depth;
        Expression left = And();
        while (Current.IsKeyword("or"))
        {
            SourcePosition at = Current.Position;
            _next++;
            Extend(at);
            left = new Logical(LogicalOperator.Or, left, And(), at);
        }

        _depth = depth;
        Leave();
        return left;
    }

    private Expression And()
    {
        int depth = _depth;
        Expression left = NotExpression();
        while (Current.IsKeyword("and"))
        {
            SourcePosition at = Current.Position;
            _next++;
            Extend(at);
            left = new Logical(LogicalOperator.And, left, NotExpression(), at);
        }

        _depth = depth;
        return left;
    }

    private Expression NotExpression()
    {
        if (Current.IsKeyword("not"))
        {
            SourcePosition at = Current.Position;
            _next++;
            Enter(at);
            var negated = new Not(NotExpression(), at);
            Leave();
            return negated;
        }

        return ComparisonExpression();
    }

    private Expression ComparisonExpression()
    {
        Expression left = Additive();
        if (Current.Kind == TokenKind.Assign)
        {
            throw new EqlException(
                "'=' is not an operator; use == (case-sensitive) or : (case-insensitive)",
                Current.Position
            );
        }

        ComparisonOperator? op = Current.Kind switch
        {
            TokenKind.Equals => ComparisonOperator.Equal,
            TokenKind.NotEquals => ComparisonOperator.NotEqual,
            TokenKind.Less => ComparisonOperator.Less,
            TokenKind.LessOrEqual => ComparisonOperator.LessOrEqual,
            TokenKind.Greater => ComparisonOperator.Greater,
            TokenKind.GreaterOrEqual => ComparisonOperator.GreaterOrEqual,
            _ => null,
        };
        if (op is null)
        {
            return left;
        }

        SourcePosition at = Current.Position;
        _next++;
        Expression right = Additive();
        if (
            Current.Kind
            is TokenKind.Equals
                or TokenKind.NotEquals
                or TokenKind.Less
                or TokenKind.LessOrEqual
                or TokenKind.Greater
                or TokenKind.GreaterOrEqual
        )
        {
            throw new EqlException(
                "comparisons cannot be chained (a < b < c); combine them with and",
                Current.Position
            );
        }

        return new Comparison(op.Value, left, right, at);
    }

    private Expression Additive()
    {
        int depth = _depth;
        Expression left = Multiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            SourcePosition at = Current.Position;
            ArithmeticOperator op =
                Current.Kind == TokenKind.Plus ? ArithmeticOperator.Add : ArithmeticOperator.Subtract;
            _next++;
            Extend(at);
            left = new Arithmetic(op, left, Multiplicative(), at);
        }

        _depth = depth;
        return left;
    }

    private Expression Multiplicative()
    {
        int depth = _depth;
        Expression left = Unary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            SourcePosition at = Current.Position;
            ArithmeticOperator op = Current.Kind switch
            {
                TokenKind.Star => ArithmeticOperator.Multiply,
                TokenKind.Slash => ArithmeticOperator.Divide,
                _ => ArithmeticOperator.Modulo,
            };
            _next++;
            Extend(at);
            left = new Arithmetic(op, left, Unary(), at);
        }

        _depth = depth;
        return left;
    }

    private Expression Unary()
    {
        SourcePosition at = Current.Position;
        if (Current.Kind == TokenKind.Minus)
        {
            _next++;
            Enter(at);
            Expression operand = Unary();
            Leave();
            return operand is Literal { Value.IsNumber: true } number
                ? new Literal(
                    number.Value.Kind == EqlValueKind.Integer
                        ? EqlValue.From(-number.Value.Integer)
                        : EqlValue.From(-number.Value.Double),
                    at
                )
                : new Negation(operand, at);
        }

        if (Current.Kind == TokenKind.Plus)
        {
            _next++;
            Enter(at);
            Expression operand = Unary();
            Leave();
            return operand;
        }

        return WithPredicate(Primary());
    }

    private Expression WithPredicate(Expression value)
    {
        Token token = Current;
        SourcePosition at = token.Position;
        if (token.IsKeyword("not") && Peek(1).IsKeyword("in"))
        {
            _next++;
            return InPredicate(value, negated: true, at);
        }

        if (token.IsKeyword("in"))
        {
            return InPredicate(value, negated: false, at);
        }

        PatternKind? kind =
            token.Kind == TokenKind.Colon ? PatternKind.Colon
            : token.IsKeyword("like")
                ? (Peek(1).Kind == TokenKind.Tilde ? PatternKind.LikeInsensitive : PatternKind.Like)
            : token.IsKeyword("regex")
                ? (Peek(1).Kind == TokenKind.Tilde ? PatternKind.RegexInsensitive : PatternKind.Regex)
            : null;
        if (kind is null)
        {
            return value;
        }

        _next += kind is PatternKind.LikeInsensitive or PatternKind.RegexInsensitive ? 2 : 1;
        var patterns = new List<Literal>();
        if (Current.Kind == TokenKind.LeftParen)
        {
            _next++;
            do
            {
                patterns.Add(StringConstant(token.Text));
            } while (Take(TokenKind.Comma));

            Expect(TokenKind.RightParen, "',' or ')' in the pattern list");
        }
        else
        {
            patterns.Add(StringConstant(token.Text));
        }

        return new PatternMatch(kind.Value, value, patterns, at);
    }

    private InList InPredicate(Expression value, bool negated, SourcePosition at)
    {
        _next++; // in
        bool insensitive = Take(TokenKind.Tilde);
        Expect(TokenKind.LeftParen, "( after in");
        var items = new List<Expression>();
        do
        {
            items.Add(Or());
        } while (Take(TokenKind.Comma));

        Expect(TokenKind.RightParen, "',' or ')' in the in list");
        return new InList(value, items, insensitive, negated, at);
    }

    private Literal StringConstant(string keyword)
    {
        Token token = Current;
        if (token.Kind != TokenKind.String)
        {
            throw new EqlException(
                $"{(keyword == ":" ? ":" : keyword.ToLowerInvariant())} compares with string constants; found "
                    + $"'{token.Text}'",
                token.Position
            );
        }

        _next++;
        return new Literal(EqlValue.From(token.Text), token.Position);
    }

    private Expression Primary()
    {
        Token token = Current;
        switch (token.Kind)
        {
            case TokenKind.String:
                _next++;
                return new Literal(EqlValue.From(token.Text), token.Position);
            case TokenKind.Integer:
                _next++;
                return long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long integer)
                    ? new Literal(EqlValue.From(integer), token.Position)
                    : new Literal(
                        EqlValue.From(double.Parse(token.Text, CultureInfo.InvariantCulture)),
                        token.Position
                    );
            case TokenKind.Decimal:
                _next++;
                return new Literal(
                    EqlValue.From(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture)),
                    token.Position
                );
            case TokenKind.LeftParen:
                _next++;
                Expression inner = Or();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.Question:
                _next++;
                Token name = Current;
                if (name.Kind != TokenKind.Identifier)
                {
                    throw new EqlException("expected a field name after ?", name.Position);
                }

                _next++;
                return new FieldReference(name.Text, Optional: true, token.Position);
            case TokenKind.Identifier:
                return IdentifierExpression(token);
            default:
                throw new EqlException(
                    token.Kind == TokenKind.End
                        ? "the query ends where a value was expected"
                        : $"expected a value, found '{token.Text}'",
                    token.Position
                );
        }
    }

    private Expression IdentifierExpression(Token token)
    {
        if (token.IsKeyword("true") || token.IsKeyword("false"))
        {
            _next++;
            return new Literal(EqlValue.From(token.IsKeyword("true")), token.Position);
        }

        if (token.IsKeyword("null"))
        {
            _next++;
            return new Literal(EqlValue.Null, token.Position);
        }

        bool insensitive = Peek(1).Kind == TokenKind.Tilde && Peek(2).Kind == TokenKind.LeftParen;
        if (Peek(1).Kind == TokenKind.LeftParen || insensitive)
        {
            _next += insensitive ? 3 : 2;
            var arguments = new List<Expression>();
            if (!Take(TokenKind.RightParen))
            {
                do
                {
                    arguments.Add(Or());
                } while (Take(TokenKind.Comma));

                Expect(TokenKind.RightParen, "',' or ')' after the function's arguments");
            }

            return new FunctionCall(token.Text, insensitive, arguments, token.Position);
        }

        if (token.Text.EndsWith('.') || token.Text.Contains("..", StringComparison.Ordinal))
        {
            throw new EqlException($"'{token.Text}' is not a field name", token.Position);
        }

        _next++;
        return new FieldReference(token.Text, Optional: false, token.Position);
    }

    private Token Peek(int ahead) => At(_next + ahead);

    private void Enter(SourcePosition at)
    {
        if (++_nesting > MaxNesting)
        {
            throw new EqlException(
                $"the query nests too deep: more than {MaxNesting} levels of parentheses, lists, arguments, not or "
                    + $"signs",
                at
            );
        }

        Extend(at);
    }

    private void Leave() => (_nesting, _depth) = (_nesting - 1, _depth - 1);

    private void Extend(SourcePosition at)
    {
        if (++_depth > MaxDepth)
        {
            throw new EqlException(
                $"the query is too deep: more than {MaxDepth} operators and levels on one branch",
                at
            );
        }
    }

    // Tokens are read as the parser reaches them, and the end token repeats past the end.
    private Token At(int index)
    {
        while (_tokens.Count <= index && (_tokens.Count == 0 || _tokens[^1].Kind != TokenKind.End))
        {
            _tokens.Add(_tokenizer.Next());
        }

        return _tokens[Math.Min(index, _tokens.Count - 1)];
    }

    private bool Take(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }

        _next++;
        return true;
    }

    private void Expect(TokenKind kind, string what)
    {
        if (!Take(kind))
        {
            Token found = Current;
            throw new EqlException(
                $"expected {what}, found {(found.Kind == TokenKind.End ? "the end of the query" : $"'{found.Text}'")}",
                found.Position
            );
        }
    }
}
