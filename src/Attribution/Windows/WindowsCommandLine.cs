using System.Text;

namespace IpLookupSensor.Attribution.Windows;

/// <summary>
/// A Windows command line split into arguments as the C runtime and CommandLineToArgvW split it: whitespace outside
/// quotes separates; 2n backslashes before a quote are n backslashes and the quote toggles quoting; 2n+1 are n and a
/// literal quote; other backslashes are literal; "" inside quotes is a literal quote. The program name (the first
/// argument) ends at the first whitespace or closing quote, backslashes and all.
/// </summary>
public static class WindowsCommandLine
{
    public static List<string> Split(string commandLine)
    {
        var arguments = new List<string>();
        int i = ProgramName(commandLine, arguments);
        while (true)
        {
            while (i < commandLine.Length && char.IsWhiteSpace(commandLine[i]))
            {
                i++;
            }

            if (i >= commandLine.Length)
            {
                return arguments;
            }

            var argument = new StringBuilder();
            bool quoted = false;
            while (i < commandLine.Length && (quoted || !char.IsWhiteSpace(commandLine[i])))
            {
                int backslashes = 0;
                while (i < commandLine.Length && commandLine[i] == '\\')
                {
                    backslashes++;
                    i++;
                }

                if (i < commandLine.Length && commandLine[i] == '"')
                {
                    argument.Append('\\', backslashes / 2);
                    if (backslashes % 2 == 1)
                    {
                        argument.Append('"');
                    }
                    else if (quoted && i + 1 < commandLine.Length && commandLine[i + 1] == '"')
                    {
                        argument.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = !quoted;
                    }

                    i++;
                }
                else
                {
                    argument.Append('\\', backslashes);
                    if (i < commandLine.Length && (quoted || !char.IsWhiteSpace(commandLine[i])))
                    {
                        argument.Append(commandLine[i]);
                        i++;
                    }
                }
            }

            arguments.Add(argument.ToString());
        }
    }

    private static int ProgramName(string commandLine, List<string> arguments)
    {
        if (commandLine.Length == 0)
        {
            return 0;
        }

        if (commandLine[0] == '"')
        {
            int close = commandLine.IndexOf('"', 1);
            int end = close < 0 ? commandLine.Length : close;
            arguments.Add(commandLine[1..end]);
            return Math.Min(end + 1, commandLine.Length);
        }

        int space = 0;
        while (space < commandLine.Length && !char.IsWhiteSpace(commandLine[space]))
        {
            space++;
        }

        arguments.Add(commandLine[..space]);
        return space;
    }
}
