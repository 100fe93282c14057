using System.Runtime.CompilerServices;
using IpLookupSensor.Rules.Runtime.Functions;

namespace IpLookupSensor.Rules.Runtime.Nodes;

internal sealed class FunctionNode<TEvent>(EqlFunction function, ValueNode<TEvent>[] arguments, bool ignoreCase)
    : ComputedNode<TEvent>
{
    public override EqlValue Compute(TEvent e)
    {
        // Arguments go into a buffer on the stack: evaluating a function allocates only what it returns.
        var buffer = new ArgumentBuffer();
        Span<EqlValue> values =
            arguments.Length <= ArgumentBuffer.Capacity ? buffer[..arguments.Length] : new EqlValue[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            values[i] = arguments[i].First(e);
        }

        return function.Body(values, ignoreCase);
    }

    [InlineArray(Capacity)]
    private struct ArgumentBuffer
    {
        public const int Capacity = 8;

        private EqlValue _first;
    }
}
