using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Hub.Operations;

/// <summary>
/// The Data Protection key ring lives in the hub's database, beside what it protects (connector credentials, webhook
/// secrets): a dump of the database must not be enough to decrypt them. Every key is therefore encrypted with a
/// certificate kept outside the database (Hub:DataProtection:CertificatePath, a PKCS#12 file, and
/// Hub:DataProtection:CertificatePassword). Outside Development the hub refuses to start without one; ./run.sh makes
/// a development certificate under .hub/.
/// </summary>
internal static class DataProtectionSetup
{
    public const string CertificatePathKey = "Hub:DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "Hub:DataProtection:CertificatePassword";

    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder,
        IConfiguration configuration, IHostEnvironment environment)
    {
        var path = configuration[CertificatePathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            if (environment.IsDevelopment())
            {
                return builder; // a developer's own machine: unencrypted keys are the framework's warning, not an outage
            }

            throw new InvalidOperationException(
                $"{CertificatePathKey} is not set (environment Hub__DataProtection__CertificatePath): outside Development the hub " +
                "refuses to start without a certificate to encrypt its Data Protection keys, which would otherwise sit " +
                "unencrypted in the database beside the credentials they protect. Give a PKCS#12 (.pfx) file with its " +
                $"private key, and its password in {CertificatePasswordKey}.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordKey],
                X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{CertificatePathKey} ({path}) could not be loaded as a PKCS#12 certificate with {CertificatePasswordKey}: {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{CertificatePathKey} ({path}) has no private key: the hub could not read its own keys back.");
        }

        // On Linux the decryptor looks certificates up in the store unless told which ones it may use.
        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
