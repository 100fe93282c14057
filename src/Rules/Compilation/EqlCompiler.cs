using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Rules.Runtime.Functions;
using IpLookupSensor.Rules.Runtime.Nodes;
using IpLookupSensor.Rules.Syntax;
using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Compilation;

/// <summary>
/// Compiles EQL against an event type: fields are bound once through <see cref="IFieldBinder{TEvent}"/>, constant
/// lists become one matcher, and every semantic error (unknown field or function, wrong arity, a bad regex)
/// fails compilation with its position. Nothing falls back to "undefined".
/// </summary>
public sealed class EqlCompiler<TEvent>(IFieldBinder<TEvent> binder, EqlOptions? options = null)
{
    private readonly EqlOptions _options = options ?? new EqlOptions();

    public CompiledQuery<TEvent> Compile(string text) => Compile(Parser.ParseQuery(text));

    public CompiledQuery<TEvent> Compile(EqlQuery query)
    {
        var conjuncts = new List<Conjunct<TEvent>>();
        PredicateNode<TEvent> root = Predicate(query.Condition);
        if (query.Category is not null)
        {
            // "network where …": the category field (an array in ECS) holds the category, compared exactly.
            FieldAccessor<TEvent> category =
                binder.Bind(_options.CategoryField)
                ?? throw new EqlException(
                    $"events have no category field '{_options.CategoryField}'",
                    new SourcePosition(1, 1)
                );
            PredicateNode<TEvent> test = TextTest(
                new FieldNode<TEvent>(category),
                new ExactTextMatcher([query.Category], ignoreCase: false)
            );
            conjuncts.Add(
                new Conjunct<TEvent>(
                    test,
                    new HashSet<string>([_options.CategoryField]),
                    $"{_options.CategoryField} == \"{query.Category}\""
                )
            );
            root = ConstantFolding.And(test, root, _options.StrictNullLogic);
        }

        foreach (Expression part in SplitAnd(query.Condition))
        {
            conjuncts.Add(new Conjunct<TEvent>(Predicate(part), FieldsOf(part), part.ToString()));
        }

        return new CompiledQuery<TEvent>(query, root, conjuncts);
    }

    private static IEnumerable<Expression> SplitAnd(Expression expression) =>
        expression is Logical { Operator: LogicalOperator.And } and
            ? SplitAnd(and.Left).Concat(SplitAnd(and.Right))
            : [expression];

    private static HashSet<string> FieldsOf(Expression expression)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        void Visit(Expression e)
        {
            switch (e)
            {
                case FieldReference f:
                    fields.Add(f.Path);
                    break;
                case Not n:
                    Visit(n.Operand);
                    break;
                case Logical l:
                    Visit(l.Left);
                    Visit(l.Right);
                    break;
                case Comparison c:
                    Visit(c.Left);
                    Visit(c.Right);
                    break;
                case InList i:
                    Visit(i.Value);
                    i.Items.ToList().ForEach(Visit);
                    break;
                case PatternMatch p:
                    Visit(p.Value);
                    break;
                case Arithmetic a:
                    Visit(a.Left);
                    Visit(a.Right);
                    break;
                case Negation n:
                    Visit(n.Operand);
                    break;
                case FunctionCall f:
                    f.Arguments.ToList().ForEach(Visit);
                    break;
            }
        }

        Visit(expression);
        return fields;
    }

    private PredicateNode<TEvent> Predicate(Expression expression)
    {
        bool strict = _options.StrictNullLogic;
        switch (expression)
        {
            case Logical { Operator: LogicalOperator.And } and:
                return ConstantFolding.And(Predicate(and.Left), Predicate(and.Right), strict);
            case Logical or:
                return ConstantFolding.Or(Predicate(or.Left), Predicate(or.Right), strict);
            case Not not:
                return ConstantFolding.Not(Predicate(not.Operand), strict);
            case Comparison comparison:
                return ComparisonPredicate(comparison);
            case InList list:
                PredicateNode<TEvent> inList = InPredicate(list);
                return list.Negated ? ConstantFolding.Not(inList, strict) : inList;
            case PatternMatch match:
                return TextTest(Value(match.Value), Matcher(match));
            case Literal { Value.Kind: EqlValueKind.Boolean } literal:
                return new ConstantPredicate<TEvent>(literal.Value.Boolean ? Truth.True : Truth.False);
            case Literal { Value.IsNull: true }:
                return new ConstantPredicate<TEvent>(Truth.Null);
            case Literal literal:
                throw new EqlException($"{literal} is not a condition", literal.Position);
            case FunctionCall call when !Function(call).ReturnsBoolean:
                throw new EqlException(
                    $"{Function(call).Name} returns a value, not a condition; compare it with something",
                    call.Position
                );
            case Arithmetic or Negation:
                throw new EqlException($"{expression} is a number, not a condition", expression.Position);
            default:
                return new BooleanValueNode<TEvent>(Value(expression));
        }
    }

    private PredicateNode<TEvent> ComparisonPredicate(Comparison comparison)
    {
        (Expression left, Expression right, ComparisonOperator op) = (
            comparison.Left,
            comparison.Right,
            comparison.Operator
        );
        bool isEquality = op is ComparisonOperator.Equal or ComparisonOperator.NotEqual;
        if (isEquality && (IsNullLiteral(left) || IsNullLiteral(right)))
        {
            Expression other = IsNullLiteral(left) ? right : left;
            return new NullCheckNode<TEvent>(Value(other), wantNull: op == ComparisonOperator.Equal);
        }

        PredicateNode<TEvent> test =
            isEquality && (IsStringLiteral(right) || IsStringLiteral(left))
                ? TextTest(
                    Value(IsStringLiteral(right) ? left : right),
                    new ExactTextMatcher(
                        [((Literal)(IsStringLiteral(right) ? right : left)).Value.String],
                        ignoreCase: false
                    )
                )
                : new CompareNode<TEvent>(
                    op == ComparisonOperator.NotEqual ? ComparisonOperator.Equal : op,
                    Value(left),
                    Value(right)
                );

        // ES: != is not(==), so under query translation it matches events without the field.
        return op == ComparisonOperator.NotEqual ? ConstantFolding.Not(test, _options.StrictNullLogic) : test;
    }

    private PredicateNode<TEvent> InPredicate(InList list)
    {
        if (list.Items.All(IsStringLiteral))
        {
            return TextTest(
                Value(list.Value),
                new ExactTextMatcher(list.Items.Select(i => ((Literal)i).Value.String), list.CaseInsensitive)
            );
        }

        return new InValuesNode<TEvent>(Value(list.Value), [.. list.Items.Select(Value)], list.CaseInsensitive);
    }

    private static ITextMatcher Matcher(PatternMatch match)
    {
        IEnumerable<string> patterns = match.Patterns.Select(p => p.Value.String);
        try
        {
            return match.Kind switch
            {
                PatternKind.Colon or PatternKind.LikeInsensitive => new WildcardSetMatcher(patterns, ignoreCase: true),
                PatternKind.Like => new WildcardSetMatcher(patterns, ignoreCase: false),
                PatternKind.Regex => new RegexSetMatcher(patterns, ignoreCase: false),
                _ => new RegexSetMatcher(patterns, ignoreCase: true),
            };
        }
        catch (ArgumentException e)
        {
            throw new EqlException($"bad regular expression: {e.Message}", match.Position);
        }
    }

    private ValueNode<TEvent> Value(Expression expression) =>
        expression switch
        {
            Literal literal => new ConstantNode<TEvent>(literal.Value),
            FieldReference field => Field(field),
            Arithmetic arithmetic => new ArithmeticNode<TEvent>(
                arithmetic.Operator,
                Value(arithmetic.Left),
                Value(arithmetic.Right)
            ),
            Negation negation => new NegationNode<TEvent>(Value(negation.Operand)),
            FunctionCall call => Call(call),
            _ => new ConditionValueNode<TEvent>(Predicate(expression)),
        };

    private ValueNode<TEvent> Field(FieldReference field)
    {
        FieldAccessor<TEvent>? accessor = binder.Bind(field.Path);
        if (accessor is not null)
        {
            return new FieldNode<TEvent>(accessor);
        }

        return field.Optional
            ? new ConstantNode<TEvent>(EqlValue.Null)
            : throw new EqlException(
                $"unknown field '{field.Path}': these events never have it (write ?{field.Path} if it may be absent)",
                field.Position
            );
    }

    private FunctionNode<TEvent> Call(FunctionCall call)
    {
        EqlFunction function = Function(call);
        if (call.CaseInsensitive && !function.HasInsensitiveVariant)
        {
            throw new EqlException(
                $"{function.Name} has no case-insensitive variant ({function.Name}~)",
                call.Position
            );
        }

        int count = call.Arguments.Count;
        if (count < function.MinArguments || count > function.MaxArguments)
        {
            string expected =
                function.MinArguments == function.MaxArguments ? $"{function.MinArguments}"
                : function.MaxArguments == int.MaxValue ? $"at least {function.MinArguments}"
                : $"{function.MinArguments} to {function.MaxArguments}";
            throw new EqlException($"{function.Name} takes {expected} arguments, not {count}", call.Position);
        }

        return new FunctionNode<TEvent>(function, [.. call.Arguments.Select(Value)], call.CaseInsensitive);
    }

    private static EqlFunction Function(FunctionCall call)
    {
        EqlFunction? function = EqlFunctions.Find(call.Name);
        if (function is not null)
        {
            return function;
        }

        string? suggestion = Suggestions.Closest(call.Name, EqlFunctions.Names);
        string hint = suggestion is null ? string.Empty : $" — did you mean '{suggestion}'?";
        throw new EqlException($"unknown function '{call.Name}'{hint}", call.Position);
    }

    // A test on a value that is the same for every event is decided here, once.
    private static PredicateNode<TEvent> TextTest(ValueNode<TEvent> value, ITextMatcher matcher)
    {
        var test = new TextTestNode<TEvent>(value, matcher);
        return value.IsConstant ? new ConstantPredicate<TEvent>(test.Evaluate(default!)) : test;
    }

    private static bool IsNullLiteral(Expression e) => e is Literal { Value.IsNull: true };

    private static bool IsStringLiteral(Expression e) => e is Literal { Value.Kind: EqlValueKind.String };
}
