namespace Indra.Control.Service.Transport;

/// <summary>Small files the daemon writes into the vault directory for its owner alone (mode 0600 from creation):
/// the dashboard's and the metrics endpoint's URL.</summary>
internal static class OwnerOnlyFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8), created 0600 before a byte is written.</summary>
    public static void Write(string path, string text)
    {
        var staging = path + ".tmp";
        File.Delete(staging);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(staging, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }
        File.Move(staging, path, overwrite: true);
    }

    /// <summary>Removes <paramref name="path"/> if it is there.</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already, or the folder with it: nothing names a stopped endpoint either way.
        }
    }
}
