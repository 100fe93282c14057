using IpLookupSensor.Fuzz;
using SharpFuzz;

// iplookup-fuzz TARGET                 one input per run from afl-fuzz, through SharpFuzz (fuzz/run.sh)
// iplookup-fuzz TARGET PATH...         every file (or every file in a folder) once: a finding, a corpus
// iplookup-fuzz seeds TARGET FOLDER    writes starting inputs for TARGET
// iplookup-fuzz dictionary TARGET FILE writes TARGET's afl-fuzz dictionary (exit code 1: it has none)
// iplookup-fuzz stability TARGET PATH... with the instrumented build: the inputs afl-fuzz would call unstable

if (args is ["seeds", string seedTarget, string folder] && FuzzTargets.All.ContainsKey(seedTarget))
{
    Seeds.Write(seedTarget, folder);
    return 0;
}

if (
    args is ["dictionary", string dictionaryTarget, string dictionaryFile]
    && FuzzTargets.All.ContainsKey(dictionaryTarget)
)
{
    return Dictionaries.Write(dictionaryTarget, dictionaryFile) ? 0 : 1;
}

if (
    args is ["stability", string stabilityTarget, _, ..]
    && FuzzTargets.All.TryGetValue(stabilityTarget, out Action<byte[]>? checkedTarget)
)
{
    return StabilityCheck.Run(stabilityTarget, checkedTarget, Files(args[2..]));
}

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out Action<byte[]>? target))
{
    Console.Error.WriteLine(
        "usage: iplookup-fuzz TARGET [PATH...] | seeds TARGET FOLDER | dictionary TARGET FILE"
            + $" | stability TARGET PATH...; targets: {string.Join(", ", FuzzTargets.All.Keys)}"
    );
    return 2;
}

if (args.Length == 1)
{
    WarmUp.Run(args[0], target);
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        target(memory.ToArray());
    });
    return 0;
}

int inputs = 0;
foreach (string file in Files(args[1..]))
{
    target(File.ReadAllBytes(file));
    inputs++;
}

Console.Error.WriteLine($"iplookup-fuzz: {args[0]}: {inputs} inputs, every one ran without a failure");
return 0;

static IEnumerable<string> Files(string[] paths) =>
    paths.SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path) : [path]);
