using Indra.FileSystem;

namespace Indra.Control.Service.Items;

/// <summary>The control API's answer to a filesystem error, with a one-line message naming the path.</summary>
internal static class ErrnoKinds
{
    /// <summary>Throws the <see cref="VaultControlException"/> for <paramref name="errno"/> unless it is <see cref="Errno.None"/>.</summary>
    /// <param name="errno">What the filesystem answered.</param>
    /// <param name="path">The path the request named (for the message and the read-only rule).</param>
    /// <param name="doing">What was attempted, for the message ("create", "remove").</param>
    public static void Check(Errno errno, ControlPath path, string doing)
    {
        if (errno != Errno.None) throw For(errno, path, doing);
    }

    /// <summary>The exception for <paramref name="errno"/> met while trying to <paramref name="doing"/> <paramref name="path"/>.</summary>
    public static VaultControlException For(Errno errno, ControlPath path, string doing)
    {
        var shown = "/" + path.Text;
        if (path.IsShared && errno is Errno.EACCES or Errno.EPERM or Errno.EROFS or Errno.EXDEV)
        {
            return new(ControlErrorKind.ReadOnly, $"cannot {doing} {shown}: peers/ and realms/ are read-only views");
        }
        return errno switch
        {
            Errno.ENOENT => new(ControlErrorKind.NotFound, $"no such file or folder: {shown}"),
            Errno.EEXIST => new(ControlErrorKind.AlreadyExists, $"cannot {doing} {shown}: it exists already"),
            Errno.ENOTEMPTY => new(ControlErrorKind.NotEmpty, $"cannot {doing} {shown}: the folder is not empty"),
            Errno.ENOTDIR => new(ControlErrorKind.InvalidArgument, $"cannot {doing} {shown}: a part of the path is not a folder"),
            Errno.EISDIR => new(ControlErrorKind.InvalidArgument, $"cannot {doing} {shown}: it is a folder"),
            Errno.EACCES or Errno.EPERM => new(ControlErrorKind.PermissionDenied, $"cannot {doing} {shown}: permission denied (a mode bit or machine policy)"),
            Errno.EROFS => new(ControlErrorKind.ReadOnly, $"cannot {doing} {shown}: read-only"),
            Errno.EDQUOT => new(ControlErrorKind.QuotaExceeded, $"cannot {doing} {shown}: over the vault's quota"),
            Errno.EFBIG => new(ControlErrorKind.QuotaExceeded, $"cannot {doing} {shown}: larger than a file may be"),
            Errno.EBUSY => new(ControlErrorKind.Busy, $"cannot {doing} {shown}: it is in use"),
            Errno.EAGAIN => new(ControlErrorKind.Busy, $"cannot {doing} {shown} now: try again"),
            Errno.ENOSPC => new(ControlErrorKind.Busy, $"cannot {doing} {shown}: no space left on the vault's disk"),
            Errno.EIO => new(ControlErrorKind.Internal, $"cannot {doing} {shown}: an I/O error (see the daemon's log)"),
            _ => new(ControlErrorKind.InvalidArgument, $"cannot {doing} {shown}: {errno}"),
        };
    }
}
