namespace IpLookupSensor.Rules.Runtime;

/// <summary>
/// ASCII suffixes (from <c>*literal</c> patterns) as a trie over their characters read backwards, so one backward
/// pass over a value decides against all of them at once; most values fall out within a few characters. Stored as
/// one dense transition table (a row of 128 entries per node), so each character costs one array read.
/// Case-insensitive tries fold ASCII letters, as Elasticsearch's case-insensitive keyword matching does.
/// </summary>
internal sealed class ReversedSuffixTrie
{
    private const int Alphabet = 128;

    private readonly bool _ignoreCase;
    private int[] _next = new int[Alphabet]; // 0: no transition (node 0 is the root, never a target)
    private bool[] _terminal = new bool[1];
    private int _nodes = 1;

    public ReversedSuffixTrie(IEnumerable<string> suffixes, bool ignoreCase)
    {
        _ignoreCase = ignoreCase;
        foreach (string suffix in suffixes)
        {
            if (!CanHold(suffix))
            {
                throw new ArgumentException($"'{suffix}' is not ASCII; keep it out of the trie", nameof(suffixes));
            }

            int node = 0;
            for (int i = suffix.Length - 1; i >= 0; i--)
            {
                int slot = (node * Alphabet) + Fold(suffix[i]);
                if (_next[slot] == 0)
                {
                    int child = AddNode(); // first: it may replace _next, and the store must go to the new array
                    _next[slot] = child;
                }

                node = _next[slot];
            }

            _terminal[node] = true;
        }
    }

    public static bool CanHold(string suffix) => suffix.Length > 0 && System.Text.Ascii.IsValid(suffix);

    public bool MatchesAnySuffix(ReadOnlySpan<char> value)
    {
        int[] next = _next;
        bool[] terminal = _terminal;
        int node = 0;
        for (int i = value.Length - 1; i >= 0; i--)
        {
            char c = value[i];
            if (c >= Alphabet)
            {
                return false; // every suffix here is ASCII, and this character is part of all that remain
            }

            node = next[(node * Alphabet) + Fold(c)];
            if (node == 0)
            {
                return false;
            }

            if (terminal[node])
            {
                return true;
            }
        }

        return false;
    }

    private int Fold(char c) => _ignoreCase ? AsciiCase.Fold(c) : c;

    private int AddNode()
    {
        if (_nodes == _terminal.Length)
        {
            Array.Resize(ref _terminal, _nodes * 2);
            Array.Resize(ref _next, _nodes * 2 * Alphabet);
        }

        return _nodes++;
    }
}
