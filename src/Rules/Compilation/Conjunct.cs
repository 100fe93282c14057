using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Rules.Runtime.Nodes;

namespace IpLookupSensor.Rules.Compilation;

/// <summary>
/// One top-level <c>and</c> operand of a query and the fields it reads, so a caller can test the cheap conjuncts
/// first (the sensor: those that need only packet fields) and skip costly work for events that cannot match.
/// </summary>
public sealed class Conjunct<TEvent>
{
    private readonly PredicateNode<TEvent> _predicate;

    internal Conjunct(PredicateNode<TEvent> predicate, IReadOnlySet<string> fields, string text)
    {
        _predicate = predicate;
        Fields = fields;
        Text = text;
    }

    public IReadOnlySet<string> Fields { get; }

    /// <summary>The conjunct as EQL, for explanations.</summary>
    public string Text { get; }

    /// <summary>
    /// True when compilation decided this conjunct holds for every event (network.protocol == "dns" for DNS events).
    /// </summary>
    public bool AlwaysHolds => _predicate is ConstantPredicate<TEvent> { Value: Truth.True };

    /// <summary>False when this conjunct alone rules the event out.</summary>
    public bool CanMatch(TEvent e) => _predicate.Evaluate(e) == Truth.True;
}
