using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>An <see cref="IApplication"/> whose calls go through the emulator.</summary>
public sealed class EmulatedApplication(ProjFsEmulator emulator) : IApplication
{
    /// <inheritdoc />
    public IReadOnlyList<string> List(string folder) => [.. emulator.EnumerateDirectory(folder).Select(e => e.Name)];

    /// <inheritdoc />
    public byte[] ReadAll(string path) => emulator.ReadAll(path);

    /// <inheritdoc />
    public byte[] ReadRange(string path, long offset, int count)
    {
        using var handle = emulator.OpenRead(path);
        return handle.Read(offset, count);
    }

    /// <inheritdoc />
    public void WriteAll(string path, byte[] content) => emulator.WriteAll(path, content);

    /// <inheritdoc />
    public bool Exists(string path) => emulator.Exists(path);
}
