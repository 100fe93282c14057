using IpLookupSensor.Rules.Runtime;
using IpLookupSensor.Rules.Runtime.Nodes;
using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Compilation;

/// <summary>A query compiled against one event type. Thread-safe: it holds no per-evaluation state.</summary>
public sealed class CompiledQuery<TEvent>
{
    private readonly PredicateNode<TEvent> _root;

    internal CompiledQuery(EqlQuery source, PredicateNode<TEvent> root, IReadOnlyList<Conjunct<TEvent>> conjuncts)
    {
        Source = source;
        _root = root;
        Conjuncts = conjuncts;
    }

    public EqlQuery Source { get; }

    public IReadOnlyList<Conjunct<TEvent>> Conjuncts { get; }

    /// <summary>True when the event matches: a <c>where</c> clause selects only true, never null.</summary>
    public bool Matches(TEvent e) => _root.Evaluate(e) == Truth.True;
}
