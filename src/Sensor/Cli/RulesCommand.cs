using System.Text.Json;
using IpLookupSensor.Rules;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Json;
using IpLookupSensor.Sensor.Detection;

namespace IpLookupSensor.Sensor.Cli;

/// <summary><c>rules check PATH</c> and <c>rules eval --query EQL FILE.ndjson</c>.</summary>
internal static class RulesCommand
{
    private static readonly JsonSerializerOptions s_compact = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public const string Usage = """
        usage: iplookup-sensor rules check PATH
               iplookup-sensor rules eval --query EQL [--category-field F] [--strict-null-logic] FILE.ndjson

          check  loads every rule file of PATH (a file or folder) against the sensor's DNS events and lists each as
                 loaded or refused with its file, line and reason; exits 2 if any is refused
          eval   prints each event of FILE.ndjson (one JSON object a line, or one JSON array of objects; - for
                 stdin) that the query matches, unchanged and in input order, after any | head N / | tail N;
                 --category-field is the field "category where" tests (default event.category)
        """;

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        string sub =
            args.Count > 0
                ? args[0]
                : throw new UsageException("rules: say check or eval (see 'iplookup-sensor rules --help')");
        return sub switch
        {
            "check" => Check(new ArgumentReader("rules check", args.Skip(1), [], ["--strict-null-logic"]), stdout),
            "eval" => Eval(
                new ArgumentReader(
                    "rules eval",
                    args.Skip(1),
                    ["--query", "--category-field"],
                    ["--strict-null-logic"]
                ),
                stdout,
                stderr,
                stdin
            ),
            _ => throw new UsageException($"rules: unknown subcommand '{sub}'; use check or eval"),
        };
    }

    private static int Check(ArgumentReader arguments, TextWriter stdout)
    {
        if (arguments.Positionals.Count != 1)
        {
            throw new UsageException("rules check: give one rule file or folder");
        }

        var catalog = RuleCatalog.Load(
            arguments.Positionals[0],
            new EqlOptions { StrictNullLogic = arguments.Flag("--strict-null-logic") }
        );
        foreach (ActiveRule rule in catalog.Rules)
        {
            string packetOnly = string.Join(" and ", rule.PacketConjuncts.Select(c => c.Text));
            stdout.WriteLine(
                $"loaded   {rule.Rule.SourceFile}: {rule.Rule.RuleId} \"{rule.Rule.Name}\" v{rule.Rule.Version}, "
                    + $"{rule.Rule.Severity}, every {rule.Rule.Interval}, max {rule.Rule.MaxSignals}"
            );
            stdout.WriteLine($"         packet-only part: {(packetOnly.Length > 0 ? packetOnly : "(none)")}");
        }

        foreach (Rules.Loading.RuleRefusal refusal in catalog.Refused)
        {
            stdout.WriteLine($"refused  {refusal}");
        }

        stdout.WriteLine($"{catalog.Rules.Count} loaded, {catalog.Refused.Count} refused");
        return catalog.Refused.Count == 0 ? ExitCodes.Ok : ExitCodes.BadUsage;
    }

    private static int Eval(ArgumentReader arguments, TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        string query = arguments.Single("--query") ?? throw new UsageException("rules eval: --query EQL is required");
        if (arguments.Positionals.Count != 1)
        {
            throw new UsageException("rules eval: give one NDJSON file (or - for stdin)");
        }

        var options = new EqlOptions
        {
            StrictNullLogic = arguments.Flag("--strict-null-logic"),
            CategoryField = arguments.Single("--category-field") ?? "event.category",
        };
        CompiledQuery<JsonEvent> compiled;
        try
        {
            compiled = new EqlCompiler<JsonEvent>(JsonFieldBinder.Instance, options).Compile(query);
        }
        catch (EqlException e)
        {
            throw new UsageException($"--query {e.Position}: {e.Reason}");
        }

        string path = arguments.Positionals[0];
        using TextReader input = path == "-" ? stdin : OpenText(path);
        // Without pipes every match is printed as it is found, so any file size streams; head and tail need the list.
        bool buffered = compiled.Source.Pipes is not null;
        var matches = new List<string>();
        foreach ((int number, string? line, string? error) in EventLines(input))
        {
            if (error is not null)
            {
                stderr.WriteLine($"iplookup-sensor: {path}:{number}: {error}");
                return ExitCodes.BadUsage;
            }

            if (!compiled.Matches(new JsonEvent(JsonDocument.Parse(line!).RootElement)))
            {
                continue;
            }

            if (buffered)
            {
                matches.Add(line!);
            }
            else
            {
                stdout.WriteLine(line);
            }
        }

        foreach (string line in ApplyPipes(matches, compiled.Source.Pipes))
        {
            stdout.WriteLine(line);
        }

        return ExitCodes.Ok;
    }

    // head and tail work on the matches in input order.
    private static IEnumerable<string> ApplyPipes(List<string> matches, IReadOnlyList<Rules.Syntax.Ast.Pipe>? pipes)
    {
        IEnumerable<string> result = matches;
        foreach (Rules.Syntax.Ast.Pipe pipe in pipes ?? [])
        {
            int count = (int)Math.Min(pipe.Count, int.MaxValue);
            result = pipe.Head ? result.Take(count) : result.TakeLast(count);
        }

        return result;
    }

    /// <summary>
    /// The events of an NDJSON file, one object a line, or of a file holding one JSON array of objects (as
    /// Elasticsearch's EQL test data does); each comes back as its own JSON text, unchanged for NDJSON.
    /// </summary>
    private static IEnumerable<(int Number, string? Line, string? Error)> EventLines(TextReader input)
    {
        string? first = input.ReadLine();
        while (first is not null && string.IsNullOrWhiteSpace(first))
        {
            first = input.ReadLine();
        }

        if (first is null)
        {
            yield break;
        }

        if (first.TrimStart().StartsWith('['))
        {
            JsonElement array;
            string? failure = null;
            try
            {
                array = JsonDocument.Parse(first + "\n" + input.ReadToEnd()).RootElement;
            }
            catch (JsonException e)
            {
                array = default;
                failure = $"not a JSON array: {e.Message}";
            }

            if (failure is not null)
            {
                yield return (1, null, failure);
                yield break;
            }

            int index = 0;
            foreach (JsonElement item in array.EnumerateArray())
            {
                index++;
                // One object a line on output, whatever the layout of the array in the file.
                yield return item.ValueKind == JsonValueKind.Object
                    ? (index, JsonSerializer.Serialize(item, s_compact), null)
                    : (index, null, "array element is not a JSON object");
            }

            yield break;
        }

        int number = 0;
        for (string? line = first; line is not null; line = input.ReadLine())
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string? error = null;
            try
            {
                if (JsonDocument.Parse(line).RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = "not a JSON object";
                }
            }
            catch (JsonException e)
            {
                error = $"not JSON: {e.Message}";
            }

            yield return (number, error is null ? line : null, error);
        }
    }

    private static StreamReader OpenText(string path)
    {
        try
        {
            return new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"rules eval: {path}: {e.Message}");
        }
    }
}
