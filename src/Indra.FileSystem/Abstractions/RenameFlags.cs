namespace Indra.FileSystem;

/// <summary><c>renameat2(2)</c> flags (Linux values). <see cref="Whiteout"/>, and NoReplace with Exchange, get EINVAL.</summary>
[Flags]
public enum RenameFlags
{
    /// <summary>Replace the destination if it exists (POSIX rename).</summary>
    None = 0,
    /// <summary>RENAME_NOREPLACE: fail with EEXIST if the destination exists.</summary>
    NoReplace = 1,
    /// <summary>RENAME_EXCHANGE: atomically swap the two names (both must exist: ENOENT otherwise).</summary>
    Exchange = 2,
    /// <summary>RENAME_WHITEOUT: not supported (EINVAL).</summary>
    Whiteout = 4,
}
