using System.Text;
using System.Text.Json;

namespace IpLookupSensor.Sensor.Tests.Support;

/// <summary>
/// The real rsyslog collector of tests/collector (a copy of the shared harness): UDP, TCP, TLS, mutual TLS and
/// LF-only TCP listeners on 127.0.0.1, one JSON record per message received. Stop and start again keep the ports.
/// </summary>
internal sealed class Collector : IDisposable
{
    private static readonly string s_scripts = Path.Combine(Repository.Root, "tests", "collector");
    private readonly string _work = Directory.CreateTempSubdirectory("ipls-collector-").FullName;
    private readonly NetworkNamespace? _namespace;
    private Dictionary<string, string> _env = [];

    /// <summary>
    /// Starts the collector, inside <paramref name="networkNamespace"/> when given (its 127.0.0.1 then).
    /// </summary>
    public Collector(NetworkNamespace? networkNamespace = null)
    {
        _namespace = networkNamespace;
        Start("0", "0", "0", "0", "0");
    }

    public int UdpPort => Port("UDP");

    public int TcpPort => Port("TCP");

    public int TlsPort => Port("TLS");

    public int MutualTlsPort => Port("MTLS");

    public int TcpLfPort => Port("TCP_LF");

    public string CaFile => _env["COLLECTOR_CA_FILE"];

    public string RogueCaFile => _env["COLLECTOR_ROGUE_CA_FILE"];

    public string ClientP12 => _env["COLLECTOR_CLIENT_P12"];

    public string ClientCert => _env["COLLECTOR_CLIENT_CERT"];

    public string ClientKey => _env["COLLECTOR_CLIENT_KEY"];

    public string ServerCertFile => Path.Combine(_work, "tls", "server-cert.pem");

    /// <summary>Every record received on one input (udp, tcp, tls, mtls, tcp_lf), oldest first.</summary>
    public List<JsonElement> Records(string input)
    {
        string path = Path.Combine(_work, "out", input + ".jsonl");
        if (!File.Exists(path))
        {
            return [];
        }

        // rsyslog can write bytes that are not UTF-8 for a malformed sender timestamp: read with replacement.
        // rsyslog may be half-way through writing the last record: only whole lines (ending in \n) count.
        byte[] bytes = File.ReadAllBytes(path);
        string text = Encoding.UTF8.GetString(bytes, 0, Array.LastIndexOf(bytes, (byte)'\n') + 1);
        return
        [
            .. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.Clone()),
        ];
    }

    /// <summary>
    /// Waits for <paramref name="count"/> records, then a little longer so that extra (split) records show too.
    /// </summary>
    public List<JsonElement> WaitForRecords(string input, int count, TimeSpan? timeout = null)
    {
        DateTime end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (Records(input).Count < count && DateTime.UtcNow < end)
        {
            Thread.Sleep(50);
        }

        Thread.Sleep(300);
        return Records(input);
    }

    public void Stop() => Run("stop.sh", _work);

    /// <summary>Starts again on the same ports, as a collector restarted after an outage would.</summary>
    public void Restart() =>
        Start(
            UdpPort.ToString(),
            TcpPort.ToString(),
            TlsPort.ToString(),
            MutualTlsPort.ToString(),
            TcpLfPort.ToString()
        );

    public void Dispose()
    {
        Stop();
        Directory.Delete(_work, recursive: true);
    }

    private void Start(params string[] ports)
    {
        string output = _namespace is null
            ? Run("start.sh", [_work, .. ports])
            : RunIn(_namespace, "start.sh", [_work, .. ports]);
        _env = output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].StartsWith("COLLECTOR_", StringComparison.Ordinal))
            .ToDictionary(kv => kv[0], kv => kv[1]);
    }

    private int Port(string name) =>
        int.Parse(_env[$"COLLECTOR_{name}_PORT"], System.Globalization.CultureInfo.InvariantCulture);

    private static string Run(string script, params string[] args) =>
        Checked(script, ExternalTool.Run("bash", [Path.Combine(s_scripts, script), .. args], TimeSpan.FromSeconds(30)));

    private static string RunIn(NetworkNamespace ns, string script, params string[] args) =>
        Checked(
            script,
            ExternalTool.Run(
                "ip",
                ns.Exec(["bash", Path.Combine(s_scripts, script), .. args]),
                TimeSpan.FromSeconds(30)
            )
        );

    private static string Checked(string script, ExternalTool.Output result) =>
        result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"collector {script} failed ({result.ExitCode}): {result.Stderr}");
}
