using IpLookupSensor.Rules.Syntax.Ast;

namespace IpLookupSensor.Rules.Runtime.Nodes;

/// <summary>
/// <c>+ - * / %</c>: integers stay integers (division truncates, as ES), a double makes a double, null propagates.
/// </summary>
internal sealed class ArithmeticNode<TEvent>(ArithmeticOperator op, ValueNode<TEvent> left, ValueNode<TEvent> right)
    : ComputedNode<TEvent>
{
    public override EqlValue Compute(TEvent e) => Apply(op, left.First(e), right.First(e));

    public static EqlValue Apply(ArithmeticOperator op, EqlValue a, EqlValue b)
    {
        if (!a.IsNumber || !b.IsNumber)
        {
            return EqlValue.Null;
        }

        if (a.Kind == EqlValueKind.Integer && b.Kind == EqlValueKind.Integer)
        {
            long x = a.Integer,
                y = b.Integer;
            return op switch
            {
                ArithmeticOperator.Add => EqlValue.From(unchecked(x + y)),
                ArithmeticOperator.Subtract => EqlValue.From(unchecked(x - y)),
                ArithmeticOperator.Multiply => EqlValue.From(unchecked(x * y)),
                ArithmeticOperator.Divide => y == 0 ? EqlValue.Null : EqlValue.From(x / y),
                _ => y == 0 ? EqlValue.Null : EqlValue.From(x % y),
            };
        }

        double p = a.Double,
            q = b.Double;
        return op switch
        {
            ArithmeticOperator.Add => EqlValue.From(p + q),
            ArithmeticOperator.Subtract => EqlValue.From(p - q),
            ArithmeticOperator.Multiply => EqlValue.From(p * q),
            ArithmeticOperator.Divide => q == 0 ? EqlValue.Null : EqlValue.From(p / q),
            _ => q == 0 ? EqlValue.Null : EqlValue.From(p % q),
        };
    }
}
