namespace IpLookupSensor.Sensor.Cli;

/// <summary>
/// A small reader for "command [--option value | --flag]... [positional]..." lines, strict about unknown options:
/// a typo must not silently change what the sensor does.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly string _command;
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    public ArgumentReader(
        string command,
        IEnumerable<string> args,
        IEnumerable<string> valueOptionNames,
        IEnumerable<string> flagOptionNames
    )
    {
        _command = command;
        var valueOptions = new HashSet<string>(valueOptionNames, StringComparer.Ordinal);
        var flagOptions = new HashSet<string>(flagOptionNames, StringComparer.Ordinal);
        using IEnumerator<string> e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                _positionals.Add(arg);
                continue;
            }

            string name = arg;
            string? inlineValue = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                inlineValue = arg[(equals + 1)..];
            }

            if (flagOptions.Contains(name) && inlineValue is null)
            {
                _flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                string value =
                    inlineValue
                    ?? (e.MoveNext() ? e.Current : throw new UsageException($"{command}: {name} needs a value"));
                if (!_values.TryGetValue(name, out List<string>? list))
                {
                    _values[name] = list = [];
                }

                list.Add(value);
            }
            else
            {
                throw new UsageException($"{command}: unknown option {arg} (see 'iplookup-sensor {command} --help')");
            }
        }
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public bool Flag(string name) => _flags.Contains(name);

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out List<string>? list) ? list : [];

    public string? Single(string name)
    {
        IReadOnlyList<string> values = Values(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"{_command}: {name} given {values.Count} times; give it once"),
        };
    }
}
