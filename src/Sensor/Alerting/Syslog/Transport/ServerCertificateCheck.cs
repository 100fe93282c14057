using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IpLookupSensor.Sensor.Alerting.Syslog.Transport;

/// <summary>
/// RFC 5425 §5: the server's chain must lead to a configured CA (or, without one, the system store), its certificate
/// must name the configured server, and match the pinned SHA-256 when there is one. <see cref="Failure"/> says
/// which check failed, for the log.
/// </summary>
internal sealed class ServerCertificateCheck(TlsSettings settings, X509Certificate2Collection? trustedCas)
{
    public string? Failure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        Failure = Check(certificate, presentedChain, errors);
        return Failure is null;
    }

    private string? Check(X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server sent no certificate";
        }

        using var leaf = new X509Certificate2(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"the server certificate ({leaf.Subject}) is not for '{settings.ServerName}'; set name= to a name "
                + $"it carries";
        }

        if (trustedCas is not null)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // collectors are often offline; see docs
            if (presentedChain is not null)
            {
                foreach (X509ChainElement element in presentedChain.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            if (!chain.Build(leaf))
            {
                return $"the server certificate ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to the CA "
                    + $"in {settings.CaFile}: {Status(chain)}";
            }
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return $"the server certificate ({leaf.Subject}, issued by {leaf.Issuer}) is not trusted by the system "
                + $"store: {(presentedChain is null ? "no chain" : Status(presentedChain))}; give ca=FILE";
        }

        if (
            settings.Fingerprint is byte[] pin
            && !CryptographicOperations.FixedTimeEquals(SHA256.HashData(leaf.RawData), pin)
        )
        {
            return $"the server certificate's SHA-256 is {Convert.ToHexString(SHA256.HashData(leaf.RawData))}, not "
                + $"the pinned {Convert.ToHexString(pin)}";
        }

        return null;
    }

    private static string Status(X509Chain chain) =>
        string.Join(
            "; ",
            chain
                .ChainStatus.Select(s => s.StatusInformation.Trim())
                .Where(s => s.Length > 0)
                .DefaultIfEmpty("untrusted")
        );
}
