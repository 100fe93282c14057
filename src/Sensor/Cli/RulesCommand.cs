using System.Text.Json;
using IpLookupSensor.Rules;
using IpLookupSensor.Rules.Compilation;
using IpLookupSensor.Rules.Json;
using IpLookupSensor.Sensor.Detection;

namespace IpLookupSensor.Sensor.Cli;

/// <summary><c>rules check PATH</c> and <c>rules eval --query EQL FILE.ndjson</c>.</summary>
internal static class RulesCommand
{
    public const string Usage = """
        usage: iplookup-sensor rules check PATH
               iplookup-sensor rules eval --query EQL [--category-field F] [--strict-null-logic] FILE.ndjson

          check  loads every rule file of PATH (a file or folder) against the sensor's DNS events and lists each as
                 loaded or refused with its file, line and reason; exits 2 if any is refused
          eval   prints each event of FILE.ndjson (one JSON object a line; - for stdin) that the query matches,
                 unchanged and in input order; --category-field is the field "category where" tests
                 (default event.category)
        """;

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        string sub = args.Count > 0 ? args[0] : throw new UsageException("rules: say check or eval (see 'iplookup-sensor rules --help')");
        return sub switch
        {
            "check" => Check(new ArgumentReader("rules check", args.Skip(1), [], ["--strict-null-logic"]), stdout),
            "eval" => Eval(new ArgumentReader("rules eval", args.Skip(1), ["--query", "--category-field"], ["--strict-null-logic"]), stdout, stderr, stdin),
            _ => throw new UsageException($"rules: unknown subcommand '{sub}'; use check or eval"),
        };
    }

    private static int Check(ArgumentReader arguments, TextWriter stdout)
    {
        if (arguments.Positionals.Count != 1)
        {
            throw new UsageException("rules check: give one rule file or folder");
        }

        var catalog = RuleCatalog.Load(arguments.Positionals[0], new EqlOptions { StrictNullLogic = arguments.Flag("--strict-null-logic") });
        foreach (ActiveRule rule in catalog.Rules)
        {
            string packetOnly = string.Join(" and ", rule.PacketConjuncts.Select(c => c.Text));
            stdout.WriteLine($"loaded   {rule.Rule.SourceFile}: {rule.Rule.RuleId} \"{rule.Rule.Name}\" v{rule.Rule.Version}, {rule.Rule.Severity}, every {rule.Rule.Interval}, max {rule.Rule.MaxSignals}");
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
        int lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement root;
            try
            {
                root = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException e)
            {
                stderr.WriteLine($"iplookup-sensor: {path}:{lineNumber}: not JSON: {e.Message}");
                return ExitCodes.BadUsage;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                stderr.WriteLine($"iplookup-sensor: {path}:{lineNumber}: not a JSON object");
                return ExitCodes.BadUsage;
            }

            if (compiled.Matches(new JsonEvent(root)))
            {
                stdout.WriteLine(line);
            }
        }

        return ExitCodes.Ok;
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
