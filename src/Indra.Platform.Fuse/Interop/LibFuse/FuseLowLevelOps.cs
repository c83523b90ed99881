using System.Runtime.InteropServices;

namespace Indra.Platform.Fuse.Interop;

/// <summary>
/// <c>struct fuse_lowlevel_ops</c> of libfuse 3.14 (<c>fuse_lowlevel.h</c>): 44 function pointers in header order,
/// 352 bytes on LP64. <c>fuse_session_new</c> copies it, so it need not outlive that call. NULL members get libfuse's
/// defaults (ENOSYS, or success for open/opendir). <c>fuse_req_t</c> is <see cref="nint"/>, <c>fuse_ino_t</c>
/// <see cref="ulong"/>, <c>size_t</c> <see cref="nuint"/>, <c>off_t</c> <see cref="long"/>, <c>mode_t</c>
/// <see cref="uint"/>, <c>dev_t</c> <see cref="ulong"/>; <c>struct stat*</c> is <c>void*</c> because its layout is
/// per architecture.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseLowLevelOps
{
    /// <summary>Expected <c>sizeof(struct fuse_lowlevel_ops)</c>.</summary>
    public const int Size = 352;

    /// <summary>Number of members.</summary>
    public const int MemberCount = 44;

    /// <summary>init(void *userdata, struct fuse_conn_info *conn).</summary>
    public delegate* unmanaged[Cdecl]<nint, FuseConnInfo*, void> Init;
    /// <summary>destroy(void *userdata).</summary>
    public delegate* unmanaged[Cdecl]<nint, void> Destroy;
    /// <summary>lookup(req, parent, name).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, void> Lookup;
    /// <summary>forget(req, ino, nlookup).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, ulong, void> Forget;
    /// <summary>getattr(req, ino, fi) — fi is NULL unless FUSE_GETATTR_FH.</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void> GetAttr;
    /// <summary>setattr(req, ino, struct stat *attr, int to_set, fi) — fi may be NULL.</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, void*, int, FuseFileInfo*, void> SetAttr;
    /// <summary>readlink(req, ino).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, void> ReadLink;
    /// <summary>mknod(req, parent, name, mode, rdev).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, uint, ulong, void> MkNod;
    /// <summary>mkdir(req, parent, name, mode).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, uint, void> MkDir;
    /// <summary>unlink(req, parent, name).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, void> Unlink;
    /// <summary>rmdir(req, parent, name).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, void> RmDir;
    /// <summary>symlink(req, link, parent, name).</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*, ulong, byte*, void> SymLink;
    /// <summary>rename(req, parent, name, newparent, newname, flags).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, ulong, byte*, uint, void> Rename;
    /// <summary>link(req, ino, newparent, newname).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, ulong, byte*, void> Link;
    /// <summary>open(req, ino, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void> Open;
    /// <summary>read(req, ino, size, off, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, long, FuseFileInfo*, void> Read;
    /// <summary>write(req, ino, buf, size, off, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, nuint, long, FuseFileInfo*, void> Write;
    /// <summary>flush(req, ino, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void> Flush;
    /// <summary>release(req, ino, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void> Release;
    /// <summary>fsync(req, ino, datasync, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, int, FuseFileInfo*, void> Fsync;
    /// <summary>opendir(req, ino, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void> OpenDir;
    /// <summary>readdir(req, ino, size, off, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, long, FuseFileInfo*, void> ReadDir;
    /// <summary>releasedir(req, ino, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void> ReleaseDir;
    /// <summary>fsyncdir(req, ino, datasync, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, int, FuseFileInfo*, void> FsyncDir;
    /// <summary>statfs(req, ino).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, void> StatFs;
    /// <summary>setxattr(req, ino, name, value, size, flags).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, byte*, nuint, int, void> SetXattr;
    /// <summary>getxattr(req, ino, name, size).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, nuint, void> GetXattr;
    /// <summary>listxattr(req, ino, size).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, void> ListXattr;
    /// <summary>removexattr(req, ino, name).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, void> RemoveXattr;
    /// <summary>access(req, ino, mask).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, int, void> Access;
    /// <summary>create(req, parent, name, mode, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, byte*, uint, FuseFileInfo*, void> Create;
    /// <summary>getlk(req, ino, fi, struct flock *lock).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void*, void> GetLk;
    /// <summary>setlk(req, ino, fi, struct flock *lock, int sleep).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void*, int, void> SetLk;
    /// <summary>bmap(req, ino, blocksize, idx).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, ulong, void> Bmap;
    /// <summary>ioctl(req, ino, cmd, arg, fi, flags, in_buf, in_bufsz, out_bufsz).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, uint, void*, FuseFileInfo*, uint, void*, nuint, nuint, void> Ioctl;
    /// <summary>poll(req, ino, fi, struct fuse_pollhandle *ph).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, void*, void> Poll;
    /// <summary>write_buf(req, ino, bufv, off, fi) — left NULL so that SPLICE_READ stays off.</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseBufVec*, long, FuseFileInfo*, void> WriteBuf;
    /// <summary>retrieve_reply(req, cookie, ino, offset, bufv).</summary>
    public delegate* unmanaged[Cdecl]<nint, void*, ulong, long, FuseBufVec*, void> RetrieveReply;
    /// <summary>forget_multi(req, count, forgets).</summary>
    public delegate* unmanaged[Cdecl]<nint, nuint, FuseForgetData*, void> ForgetMulti;
    /// <summary>flock(req, ino, fi, op).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, FuseFileInfo*, int, void> Flock;
    /// <summary>fallocate(req, ino, mode, offset, length, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, int, long, long, FuseFileInfo*, void> Fallocate;
    /// <summary>readdirplus(req, ino, size, off, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, nuint, long, FuseFileInfo*, void> ReadDirPlus;
    /// <summary>copy_file_range(req, ino_in, off_in, fi_in, ino_out, off_out, fi_out, len, flags).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, long, FuseFileInfo*, ulong, long, FuseFileInfo*, nuint, int, void> CopyFileRange;
    /// <summary>lseek(req, ino, off, whence, fi).</summary>
    public delegate* unmanaged[Cdecl]<nint, ulong, long, int, FuseFileInfo*, void> Lseek;
}
