namespace Indra.Control;

/// <summary>Why a control request failed; front ends map it (PowerShell: an ErrorCategory; the CLI: exit 1 and one line).</summary>
public enum ControlErrorKind
{
    /// <summary>No such path, peer, realm or grant (ENOENT).</summary>
    NotFound,

    /// <summary>The path exists already (EEXIST).</summary>
    AlreadyExists,

    /// <summary>A folder that is not empty (ENOTEMPTY).</summary>
    NotEmpty,

    /// <summary>A request the vault refuses as malformed or meaningless: a bad name, mode, time, size or range (EINVAL).</summary>
    InvalidArgument,

    /// <summary>The caller may not do this (EACCES/EPERM): another uid on the control socket, a mode bit.</summary>
    PermissionDenied,

    /// <summary>The item is read-only: a peer's or realm's shared view, or a vault machine policy makes read-only (EROFS).</summary>
    ReadOnly,

    /// <summary>The change would go over a limit of machine policy: a quota of bytes or files (EDQUOT) or the largest
    /// file allowed (EFBIG).</summary>
    QuotaExceeded,

    /// <summary>The request cannot run now (another maintenance run, a mount in use, the daemon's limits); retry later.</summary>
    Busy,

    /// <summary>The vault is not mounted and the request needs its daemon.</summary>
    NotMounted,

    /// <summary>No vault at the directory, or its daemon went away mid-request.</summary>
    Unavailable,

    /// <summary>The request and the daemon speak different versions of the control API.</summary>
    VersionMismatch,

    /// <summary>An unexpected failure inside the vault; the daemon logged it and keeps serving.</summary>
    Internal,
}
