using Indra.Storage;

namespace Indra.Engine.Vaults;

/// <summary>
/// The one-writer-per-vault lock: <c>vault.lock</c> opened exclusively (an advisory flock on Unix, a share-mode lock on
/// Windows) for as long as the vault is open, and <c>vault.owner</c> holding the owner's process id for the error
/// message (both made 0600). The kernel drops the lock when the process dies, so a killed daemon never leaves the vault
/// locked.
/// </summary>
internal sealed class VaultLock : IDisposable
{
    /// <summary>Holds the locking process's id (the lock file itself cannot be read while locked).</summary>
    private const string OwnerFile = "vault.owner";

    private readonly FileStream _stream;

    private VaultLock(FileStream stream) => _stream = stream;

    /// <exception cref="VaultException">Another process holds the vault.</exception>
    internal static VaultLock Acquire(string directory)
    {
        var path = Path.Combine(directory, "vault.lock");
        var deadline = DateTime.UtcNow + ExitGrace;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, OwnerOnly.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                WriteOwner(Path.Combine(directory, OwnerFile));
                return new VaultLock(stream);
            }
            catch (IOException)
            {
                var owner = TryReadOwner(Path.Combine(directory, OwnerFile));
                // An owner that has exited (killed, say) still holds the lock until the kernel has closed all its files.
                var exiting = int.TryParse(owner, out var pid) && pid != Environment.ProcessId && !ProcessLiveness.IsAlive(pid);
                if (exiting && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(50);
                    continue;
                }
                throw new VaultException($"vault {directory} is in use by another process{(owner is null ? "" : $" (pid {owner})")}; unmount it first");
            }
        }
    }

    /// <summary>How long a lock held by an owner that has exited is waited for.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);

    /// <summary>The process id recorded by the last holder of the vault in <paramref name="directory"/> if that process still runs, or null.</summary>
    internal static int? LiveOwner(string directory) =>
        int.TryParse(TryReadOwner(Path.Combine(directory, OwnerFile)), out var pid) && ProcessLiveness.IsAlive(pid) ? pid : null;

    /// <summary>Records this process's id in <paramref name="path"/> (made 0600 if missing).</summary>
    private static void WriteOwner(string path)
    {
        using var stream = new FileStream(path, OwnerOnly.Options(FileMode.Create, FileAccess.Write, FileShare.ReadWrite));
        stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
    }

    private static string? TryReadOwner(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var text = reader.ReadLine()?.Trim();
            return string.IsNullOrEmpty(text) ? null : text;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
