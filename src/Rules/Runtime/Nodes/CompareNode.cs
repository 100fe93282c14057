using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// <c>== &lt; &lt;= &gt; &gt;=</c> between two values: any pair of values that compares true makes it true.
/// </summary>
internal sealed class CompareNode<TEvent>(ComparisonOperator op, ValueNode<TEvent> left, ValueNode<TEvent> right)
    : PredicateNode<TEvent>
{
    public override Truth Evaluate(TEvent e)
    {
        int leftCount = left.Count(e),
            rightCount = right.Count(e);
        Truth result = leftCount == 0 || rightCount == 0 ? Truth.Null : Truth.False;
        for (int i = 0; i < leftCount && result != Truth.True; i++)
        {
            EqlValue a = left.Get(e, i);
            for (int j = 0; j < rightCount && result != Truth.True; j++)
            {
                result = AnyValue.Combine(result, Compare(op, a, right.Get(e, j)));
            }
        }

        return result;
    }

    public static Truth Compare(ComparisonOperator op, EqlValue a, EqlValue b)
    {
        int? order = EqlValues.Compare(a, b);
        if (order is null)
        {
            return a.IsNull || b.IsNull ? Truth.Null : Truth.False; // different kinds never compare true
        }

        bool holds = op switch
        {
            ComparisonOperator.Equal => order == 0,
            ComparisonOperator.Less => order < 0,
            ComparisonOperator.LessOrEqual => order <= 0,
            ComparisonOperator.Greater => order > 0,
            _ => order >= 0,
        };
        return holds ? Truth.True : Truth.False;
    }
}
