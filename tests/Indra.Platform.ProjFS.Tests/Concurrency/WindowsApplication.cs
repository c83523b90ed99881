namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>An <see cref="IApplication"/> over real files under a ProjFS root (Windows), through System.IO.</summary>
public sealed class WindowsApplication(string root) : IApplication
{
    /// <inheritdoc />
    public IReadOnlyList<string> List(string folder) =>
        [.. new DirectoryInfo(Full(folder)).EnumerateFileSystemInfos().Select(i => i.Name)];

    /// <inheritdoc />
    public byte[] ReadAll(string path) => File.ReadAllBytes(Full(path));

    /// <inheritdoc />
    public byte[] ReadRange(string path, long offset, int count)
    {
        using var file = new FileStream(Full(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (offset >= file.Length)
        {
            return [];
        }

        file.Position = offset;
        var buffer = new byte[(int)Math.Min(count, file.Length - offset)];
        file.ReadExactly(buffer);
        return buffer;
    }

    /// <inheritdoc />
    public void WriteAll(string path, byte[] content) => File.WriteAllBytes(Full(path), content);

    /// <inheritdoc />
    public bool Exists(string path) => Path.Exists(Full(path));

    private string Full(string path) => Path.Combine(root, path.Replace('\\', Path.DirectorySeparatorChar));
}
