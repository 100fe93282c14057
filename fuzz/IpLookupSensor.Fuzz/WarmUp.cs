using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IpLookupSensor.Fuzz;

/// <summary>
/// What runs once before afl-fuzz times or traces anything. A one-time branch taken by the first input to reach it
/// (a static constructor, the shipped rules the pipeline loads) is a branch its repeats do not take, which afl-fuzz
/// counts as instability and sets aside for good; and a start under load can exceed the timeout and be saved as a
/// hang.
/// </summary>
internal static class WarmUp
{
    /// <summary>A type of each assembly fuzz/run.sh instruments.</summary>
    public static readonly Type[] Instrumented =
    [
        typeof(Sensor.Pipeline.DnsPipeline),
        typeof(Rules.EqlException),
        typeof(Attribution.ISocketOwnerResolver),
    ];

    /// <summary>
    /// Gives instrumented code a trace map of its own (SharpFuzz attaches afl-fuzz's only inside its loop), runs every
    /// static constructor of the instrumented assemblies (not only those the seeds reach: an incomplete message's
    /// reason names were the first fuzzed input's alone), then the target's seeds.
    /// </summary>
    public static unsafe void Run(string target, Action<byte[]> run)
    {
        SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(TraceMap.Size);
        IEnumerable<Type> types = Instrumented.SelectMany(t => t.Assembly.GetTypes());
        foreach (Type type in types.Where(t => !t.ContainsGenericParameters))
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }

        foreach (byte[] seed in Seeds.For(target))
        {
            run(seed);
        }
    }
}
