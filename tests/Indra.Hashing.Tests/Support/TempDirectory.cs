namespace Indra.Hashing.Tests.Support;

/// <summary>A per-test temporary directory, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh directory under the system temp folder.</summary>
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "indra-hashing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Writes <paramref name="data"/> to a new file in the directory and returns its path.</summary>
    public string Write(string name, byte[] data)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, data);
        return file;
    }

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
