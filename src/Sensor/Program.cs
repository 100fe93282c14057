using System.Reflection;
using IpLookupSensor.Sensor.Capture;
using IpLookupSensor.Sensor.Cli;

const string Usage = """
    usage: iplookup-sensor COMMAND [OPTIONS]

    commands:
      run          capture live DNS traffic and detect external IP lookups
      replay FILE  read a pcap/pcapng capture as if it were live
      interfaces   list capture interfaces
      rules        check rule files, or evaluate a query on NDJSON events
      --version    print the version

    'iplookup-sensor COMMAND --help' shows a command's options.
    """;

string command = args.Length > 0 ? args[0] : "--help";
string[] rest = args.Length > 0 ? args[1..] : [];
bool wantsHelp = rest.Contains("--help") || rest.Contains("-h");

try
{
    using Stream stdout = Console.OpenStandardOutput();
    return command switch
    {
        "--version" or "version" => PrintVersion(),
        "--help" or "-h" or "help" => Print(Usage, ExitCodes.Ok),
        "replay" when wantsHelp => Print(ReplayCommand.Usage, ExitCodes.Ok),
        "run" when wantsHelp => Print(RunCommand.Usage, ExitCodes.Ok),
        "rules" when wantsHelp => Print(RulesCommand.Usage, ExitCodes.Ok),
        "rules" => RulesCommand.Execute(rest, Console.Out, Console.Error, Console.In),
        "replay" => ReplayCommand.Execute(rest, stdout, Console.Error),
        "run" => RunCommand.Execute(rest, stdout),
        "interfaces" => InterfacesCommand.Execute(Console.Out),
        _ => throw new UsageException($"unknown command '{command}'\n{Usage}"),
    };
}
catch (Exception e) when (e is UsageException or CaptureFileException or CaptureSetupException)
{
    Console.Error.WriteLine($"iplookup-sensor: {e.Message}");
    return ExitCodes.BadUsage;
}

static int Print(string text, int exitCode)
{
    Console.Out.WriteLine(text.TrimEnd());
    return exitCode;
}

static int PrintVersion()
{
    string version =
        typeof(ExitCodes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "unknown";
    return Print($"iplookup-sensor {version}", ExitCodes.Ok);
}
