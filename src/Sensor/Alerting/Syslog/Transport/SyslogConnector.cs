using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Transport;

/// <summary>
/// Opens connections to one destination. Certificates and keys are loaded once, at start, so a missing or
/// unreadable file stops the start with a clear message instead of failing later in the background.
/// </summary>
internal sealed class SyslogConnector
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(10);

    // A TLS 1.3 server rejects a client certificate after the handshake; wait this long for that before sending.
    private static readonly TimeSpan s_rejectionWindow = TimeSpan.FromMilliseconds(250);

    private readonly SyslogDestination _destination;
    private readonly X509Certificate2Collection? _trustedCas;
    private readonly X509Certificate2? _clientCertificate;

    public SyslogConnector(SyslogDestination destination)
    {
        _destination = destination;
        if (destination.Tls is TlsSettings tls)
        {
            _trustedCas = tls.CaFile is null ? null : LoadCas(destination.Uri, tls.CaFile);
            _clientCertificate = tls.CertificateFile is null ? null : LoadClientCertificate(destination.Uri, tls);
        }
    }

    public ISyslogConnection Connect(CancellationToken cancel)
    {
        if (_destination.Transport == SyslogTransport.Udp)
        {
            return UdpSyslogConnection.Connect(_destination.Host, _destination.Port);
        }

        var client = new TcpClient { NoDelay = true };
        client.Client.SendTimeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds; // a collector that stops reading
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                timeout.CancelAfter(s_connectTimeout);
                client
                    .ConnectAsync(_destination.Host, _destination.Port, timeout.Token)
                    .AsTask()
                    .GetAwaiter()
                    .GetResult();
            }

            Stream stream = client.GetStream();
            if (_destination.Tls is TlsSettings tls)
            {
                stream = Authenticate(stream, tls, cancel);
            }

            var connection = new StreamSyslogConnection(client, stream, _destination.Framing);
            if (_destination.Tls is not null && connection.ClosedWithin(s_rejectionWindow))
            {
                string reason = connection.Failure ?? "closed";
                connection.Dispose();
                throw new SyslogConnectException(
                    _clientCertificate is null
                        ? $"the collector ended the TLS session after the handshake ({reason}); it probably wants a "
                            + $"client certificate: give cert="
                        : $"the collector ended the TLS session after the handshake ({reason}); it probably rejected "
                            + $"our client certificate {_clientCertificate.Subject}"
                );
            }

            return connection;
        }
        catch (Exception e)
            when (e is SocketException or IOException or OperationCanceledException or AuthenticationException)
        {
            client.Dispose();
            throw e is SyslogConnectException ? e : new SyslogConnectException(Describe(e), e);
        }
        catch (SyslogConnectException)
        {
            client.Dispose();
            throw;
        }
    }

    private SslStream Authenticate(Stream stream, TlsSettings tls, CancellationToken cancel)
    {
        var check = new ServerCertificateCheck(tls, _trustedCas);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = check.Validate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ClientCertificates = _clientCertificate is null ? null : [_clientCertificate],
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(s_connectTimeout);
            ssl.AuthenticateAsClientAsync(options, timeout.Token).GetAwaiter().GetResult();
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            ssl.Dispose();
            throw new SyslogConnectException(
                check.Failure is string why ? $"refused to send: {why}" : $"TLS handshake failed: {Describe(e)}",
                e
            );
        }
    }

    private string Describe(Exception e) =>
        e switch
        {
            OperationCanceledException =>
                $"no connection to {_destination.Host}:{_destination.Port} within {s_connectTimeout.TotalSeconds:F0} s",
            SocketException s => $"{_destination.Host}:{_destination.Port}: {s.Message}",
            _ => e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})",
        };

    private static X509Certificate2Collection LoadCas(string uri, string path)
    {
        try
        {
            var cas = new X509Certificate2Collection();
            cas.ImportFromPemFile(path);
            return cas.Count > 0
                ? cas
                : throw new SyslogConfigurationException($"--syslog {uri}: ca={path} holds no PEM certificate");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SyslogConfigurationException($"--syslog {uri}: cannot read ca={path}: {e.Message}");
        }
    }

    private static X509Certificate2 LoadClientCertificate(string uri, TlsSettings tls)
    {
        string path = tls.CertificateFile!;
        try
        {
            if (tls.KeyFile is null)
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            }

            // A PEM key is ephemeral; a PKCS#12 round trip gives SslStream a key it can use on every platform.
            using var pem = X509Certificate2.CreateFromPemFile(path, tls.KeyFile);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SyslogConfigurationException(
                tls.KeyFile is null
                    ? $"--syslog {uri}: cannot read cert={path} as PKCS#12 without a password ({e.Message}); for PEM "
                        + $"give key= too"
                    : $"--syslog {uri}: cannot read cert={path} with key={tls.KeyFile}: {e.Message}"
            );
        }
    }
}
