using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Callbacks;

/// <summary>
/// Builds the <c>fuse_lowlevel_ops</c> table. Left NULL on purpose: access (default_permissions makes the kernel
/// check modes), locks, bmap, ioctl, poll, write_buf (keeps SPLICE_READ off), retrieve_reply and flock.
/// </summary>
internal static unsafe class FuseOperations
{
    /// <summary>The table; libfuse copies it in fuse_session_new.</summary>
    public static FuseLowLevelOps Create() => new()
    {
        Init = &FuseCallbacks.Init,
        Destroy = &FuseCallbacks.Destroy,
        Lookup = &FuseCallbacks.Lookup,
        Forget = &FuseCallbacks.Forget,
        GetAttr = &FuseCallbacks.GetAttr,
        SetAttr = &FuseCallbacks.SetAttr,
        ReadLink = &FuseCallbacks.ReadLink,
        MkNod = &FuseCallbacks.MkNod,
        MkDir = &FuseCallbacks.MkDir,
        Unlink = &FuseCallbacks.Unlink,
        RmDir = &FuseCallbacks.RmDir,
        SymLink = &FuseCallbacks.SymLink,
        Rename = &FuseCallbacks.Rename,
        Link = &FuseCallbacks.Link,
        Open = &FuseCallbacks.Open,
        Read = &FuseCallbacks.Read,
        Write = &FuseCallbacks.Write,
        Flush = &FuseCallbacks.Flush,
        Release = &FuseCallbacks.Release,
        Fsync = &FuseCallbacks.Fsync,
        OpenDir = &FuseCallbacks.OpenDir,
        ReadDir = &FuseCallbacks.ReadDir,
        ReleaseDir = &FuseCallbacks.ReleaseDir,
        FsyncDir = &FuseCallbacks.FsyncDir,
        StatFs = &FuseCallbacks.StatFs,
        SetXattr = &FuseCallbacks.SetXattr,
        GetXattr = &FuseCallbacks.GetXattr,
        ListXattr = &FuseCallbacks.ListXattr,
        RemoveXattr = &FuseCallbacks.RemoveXattr,
        Create = &FuseCallbacks.Create,
        ForgetMulti = &FuseCallbacks.ForgetMulti,
        ReadDirPlus = &FuseCallbacks.ReadDirPlus,
        Fallocate = &FuseCallbacks.Fallocate,
        CopyFileRange = &FuseCallbacks.CopyFileRange,
        Lseek = &FuseCallbacks.Lseek,
    };
}
