using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;

namespace IpLookupSensor.Sensor.Service;

/// <summary>
/// <c>GET /metrics</c> in Prometheus text format (0.0.4) for the <see cref="SensorMetrics"/> instruments, on a
/// loopback address only: counters of a security sensor are not for the network at large.
/// </summary>
internal sealed class PrometheusEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    private PrometheusEndpoint(string prefix)
    {
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>Starts serving at <paramref name="endpoint"/> (ADDRESS:PORT, loopback only).</summary>
    public static PrometheusEndpoint Start(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        string host = colon > 0 ? endpoint[..colon].Trim('[', ']') : string.Empty;
        bool loopback =
            host == "localhost" || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address));
        if (
            !loopback
            || !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is 0 or > 65535
        )
        {
            throw new Cli.UsageException(
                $"--prometheus {endpoint} (Metrics:Prometheus): give a loopback ADDRESS:PORT such as 127.0.0.1:9464"
            );
        }

        try
        {
            return new PrometheusEndpoint(
                $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}/"
            );
        }
        catch (HttpListenerException e)
        {
            throw new Cli.UsageException(
                $"--prometheus {endpoint} (Metrics:Prometheus): cannot listen there: {e.Message}"
            );
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(2));
    }

    /// <summary>The current value of every instrument of the sensor's meter, as Prometheus text.</summary>
    public static string Scrape()
    {
        var samples = new List<(Instrument Instrument, long Value, KeyValuePair<string, object?>[] Tags)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SensorMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>(
                (instrument, value, tags, _) => samples.Add((instrument, value, tags.ToArray()))
            );
            listener.Start();
            listener.RecordObservableInstruments();
        }

        var text = new StringBuilder();
        foreach (
            IGrouping<
                Instrument,
                (Instrument Instrument, long Value, KeyValuePair<string, object?>[] Tags)
            > metric in samples.GroupBy(s => s.Instrument)
        )
        {
            bool counter = metric.Key is ObservableCounter<long>;
            string name = metric.Key.Name.Replace('.', '_') + (counter ? "_total" : string.Empty);
            text.Append(
                CultureInfo.InvariantCulture,
                $"# HELP {name} {metric.Key.Description ?? metric.Key.Name}\n# TYPE {name} "
                    + $"{(counter ? "counter" : "gauge")}\n"
            );
            foreach ((_, long value, KeyValuePair<string, object?>[] tags) in metric)
            {
                string labels =
                    tags.Length == 0
                        ? string.Empty
                        : "{" + string.Join(',', tags.Select(t => $"{t.Key}=\"{Escape(t.Value?.ToString())}\"")) + "}";
                text.Append(CultureInfo.InvariantCulture, $"{name}{labels} {value}\n");
            }
        }

        return text.ToString();
    }

    private static string Escape(string? value) =>
        (value ?? string.Empty)
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e)
                when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            using HttpListenerResponse response = context.Response;
            if (context.Request.Url?.AbsolutePath != "/metrics")
            {
                response.StatusCode = 404;
                continue;
            }

            byte[] body = Encoding.UTF8.GetBytes(Scrape());
            response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
    }
}
