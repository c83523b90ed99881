using System.Text;
using Indra.Engine.Interop;
using Indra.Hashing;

namespace Indra.Control;

/// <summary>
/// Where a vault's daemon serves the control API. On Linux and macOS: <c>VAULT/control.sock</c>, or, when that path is
/// longer than a Unix socket address holds (107 bytes), <c>$XDG_RUNTIME_DIR/indra/control/HASH.sock</c> (else
/// <c>/tmp/indra-UID/control/</c>), HASH being the first 24 hex digits of the BLAKE3 of the vault's full path. On
/// Windows: the named pipe <c>\\.\pipe\indra-control-HASH</c> (<see cref="PipeNameOf"/>), HASH of the full path in
/// lower case (Windows paths are case-insensitive, so every spelling of one vault names one pipe).
/// </summary>
public static class ControlSocket
{
    /// <summary>The socket's file name in the vault directory.</summary>
    public const string FileName = "control.sock";

    /// <summary>Longest path a <c>sockaddr_un</c> holds, bytes (108 less the terminating NUL).</summary>
    public const int MaxPathBytes = 107;

    /// <summary>What a Windows control endpoint's path starts with: the local named pipe namespace.</summary>
    public const string PipePrefix = @"\\.\pipe\";

    /// <summary>The endpoint of the vault at <paramref name="vaultDirectory"/>: a socket path, or on Windows
    /// <see cref="PipePrefix"/> and the pipe's name.</summary>
    public static string PathFor(string vaultDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(vaultDirectory));
        if (OperatingSystem.IsWindows()) return PipePrefix + PipeNameOf(full, ignoreCase: true);
        var inVault = Path.Combine(full, FileName);
        if (Encoding.UTF8.GetByteCount(inVault) <= MaxPathBytes) return inVault;
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var root = string.IsNullOrEmpty(runtime) ? Path.Combine(Path.GetTempPath(), $"indra-{CurrentUser.Uid}") : Path.Combine(runtime, "indra");
        return Path.Combine(root, "control", HashOf(full) + ".sock");
    }

    /// <summary>The named pipe's name (without <see cref="PipePrefix"/>) for the vault at the full path
    /// <paramref name="fullPath"/>: <c>indra-control-</c> and the first 24 hex digits of the BLAKE3 of the path's UTF-8,
    /// lower-cased first when <paramref name="ignoreCase"/> (Windows).</summary>
    public static string PipeNameOf(string fullPath, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        return "indra-control-" + HashOf(ignoreCase ? fullPath.ToLowerInvariant() : fullPath);
    }

    /// <summary>True when <paramref name="endpoint"/> (from <see cref="PathFor"/>) is a named pipe; its name then follows <see cref="PipePrefix"/>.</summary>
    public static bool IsPipe(string endpoint) => endpoint.StartsWith(PipePrefix, StringComparison.Ordinal);

    private static string HashOf(string path) => Blake3.Hash(Encoding.UTF8.GetBytes(path)).ToString()[..24];
}
