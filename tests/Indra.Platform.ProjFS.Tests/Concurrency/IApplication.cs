namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>A program using files under the virtualization root: through the emulator, or through System.IO on Windows.</summary>
public interface IApplication
{
    /// <summary>The names in a folder (relative, '\'-separated path), in the order the listing returned them.</summary>
    IReadOnlyList<string> List(string folder);

    /// <summary>A whole file.</summary>
    byte[] ReadAll(string path);

    /// <summary>Up to <paramref name="count"/> bytes at <paramref name="offset"/> through one open handle.</summary>
    byte[] ReadRange(string path, long offset, int count);

    /// <summary>Creates or overwrites a file.</summary>
    void WriteAll(string path, byte[] content);

    /// <summary>True when the path exists.</summary>
    bool Exists(string path);
}
