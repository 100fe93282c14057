namespace IpLookupSensor.Fuzz;

/// <summary>
/// Finds the inputs afl-fuzz would call unstable, with the instrumented build: after the warm-up, each input runs
/// four times, as afl-fuzz saves an input and then calibrates it, and any trace map byte that differs between the
/// runs is unstable. Prints each such input, the total, and each unstable byte with the branches that count in it
/// (<see cref="TraceBlocks"/>); exit code 1 when there is any, 2 when nothing was traced (the plain build).
/// </summary>
internal static class StabilityCheck
{
    public static unsafe int Run(string target, Action<byte[]> run, IEnumerable<string> files)
    {
        WarmUp.Run(target, run);
        var map = new Span<byte>(SharpFuzz.Common.Trace.SharedMem, TraceMap.Size);
        byte[] first = new byte[TraceMap.Size];
        var unstable = new SortedDictionary<int, (byte First, byte Repeat)>();
        int inputs = 0;
        bool traced = false;
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            int before = unstable.Count;
            for (int repeat = 0; repeat < 4; repeat++)
            {
                map.Clear();
                SharpFuzz.Common.Trace.PrevLocation = 0;
                run(input);
                if (repeat == 0)
                {
                    map.CopyTo(first);
                    traced |= map.ContainsAnyExcept((byte)0);
                    continue;
                }

                for (int i = 0; i < TraceMap.Size; i++)
                {
                    if (map[i] != first[i])
                    {
                        unstable.TryAdd(i, (first[i], map[i]));
                    }
                }
            }

            inputs++;
            if (unstable.Count > before)
            {
                Console.WriteLine($"{file}: {unstable.Count - before} more unstable map bytes");
            }
        }

        if (!traced)
        {
            Console.Error.WriteLine("iplookup-fuzz: nothing was traced: run the instrumented build, $FUZZ_DIR/build");
            return 2;
        }

        Console.WriteLine($"iplookup-fuzz: {target}: {inputs} inputs, {unstable.Count} unstable trace map bytes");
        if (unstable.Count > 0)
        {
            var blocks = new TraceBlocks(WarmUp.Instrumented.Select(type => type.Assembly.Location));
            foreach ((int index, (byte firstRun, byte repeat)) in unstable)
            {
                Console.WriteLine(
                    $"map byte {index}: {firstRun} in the first run, {repeat} in a repeat;"
                        + " the branches within one method that count there (or a call or a return):"
                );
                foreach (string branch in blocks.Name(index))
                {
                    Console.WriteLine($"  {branch}");
                }
            }
        }

        return unstable.Count == 0 ? 0 : 1;
    }
}
