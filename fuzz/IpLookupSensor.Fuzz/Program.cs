using System.Runtime.InteropServices;
using IpLookupSensor.Fuzz;
using SharpFuzz;

// iplookup-fuzz TARGET                 one input per run from afl-fuzz, through SharpFuzz (fuzz/run.sh)
// iplookup-fuzz TARGET PATH...         every file (or every file in a folder) once: a finding, a corpus
// iplookup-fuzz seeds TARGET FOLDER    writes starting inputs for TARGET
// iplookup-fuzz dictionary TARGET FILE writes TARGET's afl-fuzz dictionary (exit code 1: it has none)

if (args is ["seeds", string seedTarget, string folder] && FuzzTargets.All.ContainsKey(seedTarget))
{
    Seeds.Write(seedTarget, folder);
    return 0;
}

if (args is ["dictionary", string dictionaryTarget, string dictionaryFile] && FuzzTargets.All.ContainsKey(dictionaryTarget))
{
    return Dictionaries.Write(dictionaryTarget, dictionaryFile) ? 0 : 1;
}

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out Action<byte[]>? target))
{
    Console.Error.WriteLine($"usage: iplookup-fuzz TARGET [PATH...] | seeds TARGET FOLDER | dictionary TARGET FILE; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args.Length == 1)
{
    // Static set-up (the shipped rules the pipeline loads, the formatters) runs here, before afl-fuzz times or traces
    // anything: otherwise the first input after each start of the process takes those branches alone, which afl-fuzz
    // counts as instability, and a start under load can exceed the timeout and be saved as a hang. Instrumented code
    // writes to afl-fuzz's map, which SharpFuzz attaches only inside Run: a map of our own until then.
    unsafe
    {
        SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
    }

    foreach (byte[] seed in Seeds.For(args[0]))
    {
        target(seed);
    }

    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        target(memory.ToArray());
    });
    return 0;
}

int inputs = 0;
foreach (string file in args[1..].SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path) : [path]))
{
    target(File.ReadAllBytes(file));
    inputs++;
}

Console.Error.WriteLine($"iplookup-fuzz: {args[0]}: {inputs} inputs, every one ran without a failure");
return 0;
