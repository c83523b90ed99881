using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.WriteBack;

/// <summary>A full file's content copied into the state directory for a write-back (deleted on dispose).</summary>
internal sealed class StagedFile : IDisposable
{
    private readonly ILocalFiles _files;

    /// <summary>Wraps a staged copy.</summary>
    public StagedFile(ILocalFiles files, string path, string artifactId, LocalFileStatus source)
    {
        _files = files;
        Path = path;
        ArtifactId = artifactId;
        Source = source;
    }

    /// <summary>The staging file.</summary>
    public string Path { get; }

    /// <summary>The hex BLAKE3 of the staged bytes (the artifact id they get in the vault).</summary>
    public string ArtifactId { get; }

    /// <summary>The local file's size and write time when it was copied.</summary>
    public LocalFileStatus Source { get; }

    /// <summary>Opens the staged bytes for reading.</summary>
    /// <exception cref="IOException">The staging file cannot be read.</exception>
    public Stream OpenRead() => _files.Open(Path, FileMode.Open, FileAccess.Read, FileShare.Read);

    /// <summary>Deletes the staging file (best effort).</summary>
    public void Dispose() => _files.TryDelete(Path); // a leftover goes with the next mount's staging sweep
}
