namespace Indra.Engine.Identity;

/// <summary>
/// The player key file may be read (or written) by users other than its owner, so it is refused, as OpenSSH refuses
/// an unprotected private key. The message is one line naming the file, its mode and the fix
/// (<c>VAULT/identity.key is readable by group or others (mode 0644); run chmod 600 VAULT/identity.key</c>).
/// </summary>
public sealed class UnprotectedKeyException : IOException
{
    /// <param name="path">The key file.</param>
    /// <param name="mode">Its permission bits.</param>
    public UnprotectedKeyException(string path, UnixFileMode mode)
        : base(MessageFor(path, mode))
    {
        Path = path;
        Mode = mode;
    }

    /// <summary>The key file.</summary>
    public string Path { get; }

    /// <summary>Its permission bits when it was refused.</summary>
    public UnixFileMode Mode { get; }

    private static string MessageFor(string path, UnixFileMode mode)
    {
        const UnixFileMode othersRead = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var what = (mode & othersRead) != 0 ? "readable" : "writable";
        return $"{path} is {what} by group or others (mode {Storage.OwnerOnly.Octal(mode)}); run chmod 600 {path}";
    }
}
