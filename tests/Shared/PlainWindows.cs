using System.Runtime.InteropServices;

namespace Indra.Tests.Shared;

/// <summary>Finds files that contain any window of known plain bytes (what encryption at rest must never leave on disk).</summary>
internal static class PlainWindows
{
    /// <summary>
    /// The files under <paramref name="directory"/> (recursively, every file: database, journal, blocks, logs) holding
    /// some <paramref name="window"/>-byte window of one of <paramref name="plains"/>, each with the first such offset
    /// in the file.
    /// </summary>
    public static List<string> Find(string directory, IReadOnlyList<byte[]> plains, int window)
    {
        // Every window of the plain bytes, keyed by its first 8 bytes; a candidate in a file is then compared whole.
        var starts = new Dictionary<ulong, List<(byte[] Plain, int Offset)>>();
        foreach (var plain in plains)
        {
            for (var i = 0; i + window <= plain.Length; i++)
            {
                var prefix = BitConverter.ToUInt64(plain, i);
                if (!starts.TryGetValue(prefix, out var list)) starts[prefix] = list = [];
                if (list.Count < 4) list.Add((plain, i));
            }
        }
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            try
            {
                bytes = ReadUnlocked(file);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                continue; // gone since it was listed (a block's temporary file renamed into place, a staging file closed)
            }
            for (var i = 0; i + window <= bytes.Length; i++)
            {
                if (!starts.TryGetValue(BitConverter.ToUInt64(bytes, i), out var candidates)) continue;
                if (candidates.Any(c => bytes.AsSpan(i, window).SequenceEqual(c.Plain.AsSpan(c.Offset, window))))
                {
                    found.Add($"{file} at byte {i}");
                    break;
                }
            }
        }
        return found;
    }

    /// <summary>
    /// The bytes of <paramref name="path"/>, read with open(2) and read(2) directly: a file another process (or this one)
    /// holds with FileShare.None, as the daemon holds its staging files, is locked against .NET's own readers (flock), not
    /// against these.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is gone.</exception>
    private static byte[] ReadUnlocked(string path)
    {
        var fd = Open(path, 0);
        if (fd < 0) throw new FileNotFoundException($"cannot open {path}: errno {Marshal.GetLastPInvokeError()}", path);
        try
        {
            using var content = new MemoryStream();
            var chunk = new byte[1 << 20];
            while (true)
            {
                var n = (int)Read(fd, chunk, (nuint)chunk.Length);
                if (n < 0) throw new IOException($"cannot read {path}: errno {Marshal.GetLastPInvokeError()}");
                if (n == 0) return content.ToArray();
                content.Write(chunk, 0, n);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    private static extern nint Read(int fd, byte[] buffer, nuint count);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
