using System.Text;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Hosting;

/// <summary>Whole-file helpers over <see cref="ILocalFiles"/> (UTF-8 text; the state directory's small files).</summary>
internal static class LocalFileText
{
    /// <summary>True when a file (not a directory) is at <paramref name="path"/>.</summary>
    public static bool FileExists(this ILocalFiles files, string path) => files.Stat(path) is { IsDirectory: false };

    /// <summary>True when a directory is at <paramref name="path"/>.</summary>
    public static bool DirectoryExists(this ILocalFiles files, string path) => files.Stat(path) is { IsDirectory: true };

    /// <summary>The lines of a UTF-8 text file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static List<string> ReadLines(this ILocalFiles files, string path)
    {
        using var stream = files.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Replaces a file's content with <paramref name="lines"/> (each ended by '\n'), fsynced.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteLines(this ILocalFiles files, string path, IEnumerable<string> lines)
    {
        using var stream = files.Open(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var newline = "\n"u8.ToArray();
        foreach (var line in lines)
        {
            stream.Write(Encoding.UTF8.GetBytes(line));
            stream.Write(newline);
        }

        stream.FlushDurably();
    }

    /// <summary>Deletes a file, best effort: a failure (the file held open elsewhere) is returned, not thrown.</summary>
    /// <returns>False when the file could not be deleted.</returns>
    public static bool TryDelete(this ILocalFiles files, string path)
    {
        try
        {
            files.Delete(path);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Flushes a stream from <see cref="ILocalFiles.Open"/> to disk (fsync when it is a file stream).</summary>
    public static void FlushDurably(this Stream stream)
    {
        if (stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            stream.Flush();
        }
    }
}
