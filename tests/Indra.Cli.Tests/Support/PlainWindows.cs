namespace Indra.Cli.Tests.Support;

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
            var bytes = File.ReadAllBytes(file);
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
}
