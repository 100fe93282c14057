using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Rules.Runtime.Nodes;

namespace IpLookupSensor.Rules.Compilation;

/// <summary>
/// Builds and/or/not nodes, simplifying constant operands away: <c>true and x</c> is <c>x</c>, <c>false and x</c> is
/// false, and so on. Each rewrite gives the same result in both logic modes, for every event: where a folded node
/// could now give null instead of false (Elasticsearch mode), every consumer treats the two alike.
/// </summary>
internal static class ConstantFolding
{
    public static PredicateNode<TEvent> And<TEvent>(
        PredicateNode<TEvent> left,
        PredicateNode<TEvent> right,
        bool strict
    ) =>
        (Constant(left), Constant(right)) switch
        {
            (Truth.False, _) or (_, Truth.False) => new ConstantPredicate<TEvent>(Truth.False),
            (Truth.True, _) => right,
            (_, Truth.True) => left,
            _ => new AndNode<TEvent>(left, right, strict),
        };

    public static PredicateNode<TEvent> Or<TEvent>(
        PredicateNode<TEvent> left,
        PredicateNode<TEvent> right,
        bool strict
    ) =>
        (Constant(left), Constant(right)) switch
        {
            (Truth.True, _) or (_, Truth.True) => new ConstantPredicate<TEvent>(Truth.True),
            (Truth.False, _) => right,
            (_, Truth.False) => left,
            _ => new OrNode<TEvent>(left, right, strict),
        };

    public static PredicateNode<TEvent> Not<TEvent>(PredicateNode<TEvent> operand, bool strict) =>
        operand is ConstantPredicate<TEvent> constant
            ? new ConstantPredicate<TEvent>(new NotNode<TEvent>(constant, strict).Evaluate(default!))
            : new NotNode<TEvent>(operand, strict);

    private static Truth? Constant<TEvent>(PredicateNode<TEvent> node) =>
        node is ConstantPredicate<TEvent> c ? c.Evaluate(default!) : null;
}
