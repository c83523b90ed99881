using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Hosting;

/// <summary>The real <see cref="ILocalFiles"/>: System.IO on the local disk.</summary>
public sealed class LocalFiles : ILocalFiles
{
    /// <summary>The one instance (it has no state).</summary>
    public static LocalFiles Instance { get; } = new();

    private LocalFiles() { }

    /// <inheritdoc />
    public Stream Open(string path, FileMode mode, FileAccess access, FileShare share) =>
        new FileStream(path, mode, access, share, 4096, FileOptions.None);

    /// <inheritdoc />
    public LocalFileStatus? Stat(string path)
    {
        if (Directory.Exists(path))
        {
            return new LocalFileStatus(true, 0, Directory.GetLastWriteTimeUtc(path));
        }

        var file = new FileInfo(path);
        return file.Exists ? new LocalFileStatus(false, file.Length, file.LastWriteTimeUtc) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> List(string directory) => [.. Directory.EnumerateFileSystemEntries(directory)];

    /// <inheritdoc />
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <inheritdoc />
    public void Move(string source, string destination, bool overwrite) => File.Move(source, destination, overwrite);

    /// <inheritdoc />
    public void Delete(string path) => File.Delete(path);
}
