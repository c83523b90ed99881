namespace Indra.Storage.Tests.Sealing;

/// <summary>Finds whether stored bytes contain any window of known plain bytes.</summary>
internal static class PlainWindows
{
    /// <summary>The offset in <paramref name="plain"/> of the first <paramref name="window"/>-byte window that also occurs in <paramref name="stored"/>, or null.</summary>
    public static int? FirstShared(byte[] stored, byte[] plain, int window)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + window <= stored.Length; i++) seen.Add(Convert.ToHexString(stored, i, window));
        for (var i = 0; i + window <= plain.Length; i++)
        {
            if (seen.Contains(Convert.ToHexString(plain, i, window))) return i;
        }
        return null;
    }
}
