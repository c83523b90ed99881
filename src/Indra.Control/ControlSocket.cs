using System.Text;
using Indra.Engine.Interop;
using Indra.Hashing;

namespace Indra.Control;

/// <summary>
/// Where a vault's daemon serves the control API: <c>VAULT/control.sock</c>, or, when that path is longer than a Unix
/// socket address holds (107 bytes), <c>$XDG_RUNTIME_DIR/indra/control/HASH.sock</c> (else <c>/tmp/indra-UID/control/</c>),
/// HASH being the first 24 hex digits of the BLAKE3 of the vault's full path.
/// </summary>
public static class ControlSocket
{
    /// <summary>The socket's file name in the vault directory.</summary>
    public const string FileName = "control.sock";

    /// <summary>Longest path a <c>sockaddr_un</c> holds, bytes (108 less the terminating NUL).</summary>
    public const int MaxPathBytes = 107;

    /// <summary>The socket path of the vault at <paramref name="vaultDirectory"/>.</summary>
    public static string PathFor(string vaultDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(vaultDirectory));
        var inVault = Path.Combine(full, FileName);
        if (Encoding.UTF8.GetByteCount(inVault) <= MaxPathBytes) return inVault;
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var root = string.IsNullOrEmpty(runtime) ? Path.Combine(Path.GetTempPath(), $"indra-{CurrentUser.Uid}") : Path.Combine(runtime, "indra");
        return Path.Combine(root, "control", Blake3.Hash(Encoding.UTF8.GetBytes(full)).ToString()[..24] + ".sock");
    }
}
