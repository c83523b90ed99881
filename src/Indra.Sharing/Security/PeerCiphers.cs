using System.Net.Security;

namespace Indra.Sharing.Security;

/// <summary>
/// The TLS 1.3 cipher suites both ends of the peer protocol offer, in order of preference: AES-128-GCM first (with
/// AES-NI the cheapest per byte: 4.4 GB/s against 3.9 GB/s for AES-256-GCM on one core of the benchmark machine,
/// <c>openssl speed -evp</c> at 16 KiB), then the other two TLS 1.3 suites, so a peer that prefers them still
/// connects. Null where the platform does not let a process choose (the system's defaults apply there).
/// </summary>
internal static class PeerCiphers
{
    /// <summary>The policy to set on client and server authentication options, or null where unsupported.</summary>
    internal static CipherSuitesPolicy? Policy { get; } = Create();

    private static CipherSuitesPolicy? Create()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return null;
        try
        {
            return new CipherSuitesPolicy([TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256]);
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
