using System.Diagnostics;
using System.Globalization;
using IpLookupSensor.Corpus;

// dns-corpus -n FRAMES -o FILE.pcap [-t TRUTH.txt] [-s SEED] [--ipv6 PCT] [--tcp PCT] [--watched PCT] [--edns PCT]
const string Usage =
    "usage: dns-corpus -n FRAMES -o FILE.pcap [-t TRUTH.txt] [-s SEED] [--ipv6 PCT] [--tcp PCT] [--watched PCT] "
    + "[--edns PCT]";
CorpusOptions options;
try
{
    options = Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"dns-corpus: {e.Message}\n{Usage}");
    return 2;
}

var clock = Stopwatch.StartNew();
var generator = new TrafficGenerator(options);
using (var writer = new PcapWriter(options.Output))
{
    generator.Run(
        writer,
        frames =>
            Console.Error.WriteLine(
                $"dns-corpus: {frames:N0} of {options.Frames:N0} frames, {clock.Elapsed.TotalSeconds:F1} s"
            )
    );
}

string truth = generator.Truth.Format();
if (options.TruthFile is not null)
{
    File.WriteAllText(options.TruthFile, truth);
}

Console.Error.Write(truth);
Console.Error.WriteLine(
    $"dns-corpus: wrote {options.Output} ({new FileInfo(options.Output).Length:N0} bytes) in "
        + $"{clock.Elapsed.TotalSeconds:F1} s"
);
return 0;

static CorpusOptions Parse(string[] args)
{
    long frames = 0;
    ulong seed = 20250115;
    string? output = null,
        truth = null;
    double ipv6 = 20,
        tcp = 1,
        watched = 1,
        edns = 40;
    for (int i = 0; i < args.Length; i++)
    {
        string value = i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
        switch (args[i - 1])
        {
            case "-n":
                frames = long.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "-s":
                seed = ulong.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "-o":
                output = value;
                break;
            case "-t":
                truth = value;
                break;
            case "--ipv6":
                ipv6 = Percent(value, "--ipv6");
                break;
            case "--tcp":
                tcp = Percent(value, "--tcp");
                break;
            case "--watched":
                watched = Percent(value, "--watched");
                break;
            case "--edns":
                edns = Percent(value, "--edns");
                break;
            default:
                throw new FormatException($"unknown option {args[i - 1]}");
        }
    }

    return frames > 0 && output is not null
        ? new CorpusOptions(frames, seed, output, truth, ipv6, tcp, watched, edns)
        : throw new FormatException("-n FRAMES (more than 0) and -o FILE are required");
}

static double Percent(string value, string option) =>
    double.TryParse(value, CultureInfo.InvariantCulture, out double percent) && percent is >= 0 and <= 100
        ? percent
        : throw new FormatException($"{option} {value}: a percentage from 0 to 100");
