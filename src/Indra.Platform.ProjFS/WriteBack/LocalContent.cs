using Indra.Hashing;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>
/// The host's reads and writes of file content under the virtualization root, through <see cref="ILocalFiles"/>:
/// <list type="bullet">
/// <item><see cref="Stage"/> copies a full file into the state directory with FileShare.Read | FileShare.Delete (a process still
/// writing it makes the open fail, so the copy is never torn) and hashes the copy: the vault is opened only once the
/// whole content is staged, so an I/O error half way never reaches the vault;</item>
/// <item><see cref="Replace"/> re-hydrates a full file in place with an exclusive handle (FileShare.None), and only
/// when its content still hashes to the version expected, so no concurrent edit can be overwritten.</item>
/// </list>
/// </summary>
internal sealed class LocalContent
{
    private readonly ILocalFiles _files;
    private readonly string _stagingDirectory;

    /// <summary>Creates the content access with staging copies under <paramref name="stagingDirectory"/>.</summary>
    public LocalContent(ILocalFiles files, string stagingDirectory)
    {
        _files = files;
        _stagingDirectory = stagingDirectory;
    }

    /// <summary>Copies <paramref name="fullPath"/> into a staging file and hashes the copy.</summary>
    /// <returns>The staged copy (delete it with <see cref="StagedFile.Dispose"/>).</returns>
    /// <exception cref="IOException">The file is missing, being written (sharing violation) or unreadable.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not readable now.</exception>
    public StagedFile Stage(string fullPath)
    {
        _files.CreateDirectory(_stagingDirectory);
        var staging = Path.Combine(_stagingDirectory, Guid.NewGuid().ToString("N") + ".staged");
        try
        {
            LocalFileStatus status;
            // Delete sharing: an editor that saves through a temporary file renames it over the target while the
            // write-back may still be copying it; without FILE_SHARE_DELETE that rename fails on Windows (found
            // with the emulator, which checks share access for the host's opens). Writers are still refused.
            using (var source = _files.Open(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete))
            using (var copy = _files.Open(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                source.CopyTo(copy);
                copy.Flush();
                status = _files.Stat(fullPath) ?? throw new FileNotFoundException("the file went away while it was staged", fullPath);
            }

            string id;
            using (var copy = _files.Open(staging, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                id = Blake3.HashStream(copy).ToString();
            }

            return new StagedFile(_files, staging, id, status);
        }
        catch
        {
            _files.TryDelete(staging);
            throw;
        }
    }

    /// <summary>The artifact id (hex BLAKE3) of a local file's content.</summary>
    /// <exception cref="IOException">The file cannot be read now.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not readable now.</exception>
    public string Hash(string fullPath)
    {
        using var stream = _files.Open(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Blake3.HashStream(stream).ToString();
    }

    /// <summary>
    /// Replaces the content of <paramref name="fullPath"/> with what <paramref name="write"/> writes, holding the
    /// file exclusively, but only when it still holds version <paramref name="expectedId"/>.
    /// </summary>
    /// <param name="fullPath">The local full file.</param>
    /// <param name="expectedId">The hex artifact id the file must still hash to.</param>
    /// <param name="write">Writes the new content into the (emptied) stream; returns false to give up, leaving the
    /// file as <paramref name="expectedId"/>.</param>
    /// <param name="status">The file's status afterwards.</param>
    /// <returns>False when the file holds something else (it is left alone) or <paramref name="write"/> gave up.</returns>
    /// <exception cref="IOException">The file is open elsewhere (sharing violation) or an I/O error.</exception>
    /// <exception cref="UnauthorizedAccessException">The file is not writable now.</exception>
    public bool Replace(string fullPath, string expectedId, Func<Stream, bool> write, out LocalFileStatus status)
    {
        status = default;
        _files.CreateDirectory(_stagingDirectory);
        var staging = Path.Combine(_stagingDirectory, Guid.NewGuid().ToString("N") + ".fetched");
        try
        {
            using (var stream = _files.Open(fullPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                if (Blake3.HashStream(stream).ToString() != expectedId)
                {
                    return false;
                }

                // Fetched into a staging file first: a vault read failing half way must not leave a torn local file.
                using var fresh = _files.Open(staging, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
                if (!write(fresh))
                {
                    return false;
                }

                stream.Position = 0;
                stream.SetLength(0);
                fresh.Position = 0;
                fresh.CopyTo(stream);
                stream.Flush();
            }

            status = _files.Stat(fullPath) ?? default;
            return true;
        }
        finally
        {
            _files.TryDelete(staging);
        }
    }
}
