using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Errors;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Hosting.Uring;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Tests.Layout;

/// <summary>The C# side of every line <c>layout.c</c> prints, keyed the same way.</summary>
internal static class ManagedLayout
{
    /// <summary>C member names of fuse_lowlevel_ops in header order, paired with the C# fields.</summary>
    private static readonly (string C, string CSharp)[] Operations =
    [
        ("init", nameof(FuseLowLevelOps.Init)), ("destroy", nameof(FuseLowLevelOps.Destroy)),
        ("lookup", nameof(FuseLowLevelOps.Lookup)), ("forget", nameof(FuseLowLevelOps.Forget)),
        ("getattr", nameof(FuseLowLevelOps.GetAttr)), ("setattr", nameof(FuseLowLevelOps.SetAttr)),
        ("readlink", nameof(FuseLowLevelOps.ReadLink)), ("mknod", nameof(FuseLowLevelOps.MkNod)),
        ("mkdir", nameof(FuseLowLevelOps.MkDir)), ("unlink", nameof(FuseLowLevelOps.Unlink)),
        ("rmdir", nameof(FuseLowLevelOps.RmDir)), ("symlink", nameof(FuseLowLevelOps.SymLink)),
        ("rename", nameof(FuseLowLevelOps.Rename)), ("link", nameof(FuseLowLevelOps.Link)),
        ("open", nameof(FuseLowLevelOps.Open)), ("read", nameof(FuseLowLevelOps.Read)),
        ("write", nameof(FuseLowLevelOps.Write)), ("flush", nameof(FuseLowLevelOps.Flush)),
        ("release", nameof(FuseLowLevelOps.Release)), ("fsync", nameof(FuseLowLevelOps.Fsync)),
        ("opendir", nameof(FuseLowLevelOps.OpenDir)), ("readdir", nameof(FuseLowLevelOps.ReadDir)),
        ("releasedir", nameof(FuseLowLevelOps.ReleaseDir)), ("fsyncdir", nameof(FuseLowLevelOps.FsyncDir)),
        ("statfs", nameof(FuseLowLevelOps.StatFs)), ("setxattr", nameof(FuseLowLevelOps.SetXattr)),
        ("getxattr", nameof(FuseLowLevelOps.GetXattr)), ("listxattr", nameof(FuseLowLevelOps.ListXattr)),
        ("removexattr", nameof(FuseLowLevelOps.RemoveXattr)), ("access", nameof(FuseLowLevelOps.Access)),
        ("create", nameof(FuseLowLevelOps.Create)), ("getlk", nameof(FuseLowLevelOps.GetLk)),
        ("setlk", nameof(FuseLowLevelOps.SetLk)), ("bmap", nameof(FuseLowLevelOps.Bmap)),
        ("ioctl", nameof(FuseLowLevelOps.Ioctl)), ("poll", nameof(FuseLowLevelOps.Poll)),
        ("write_buf", nameof(FuseLowLevelOps.WriteBuf)), ("retrieve_reply", nameof(FuseLowLevelOps.RetrieveReply)),
        ("forget_multi", nameof(FuseLowLevelOps.ForgetMulti)), ("flock", nameof(FuseLowLevelOps.Flock)),
        ("fallocate", nameof(FuseLowLevelOps.Fallocate)), ("readdirplus", nameof(FuseLowLevelOps.ReadDirPlus)),
        ("copy_file_range", nameof(FuseLowLevelOps.CopyFileRange)), ("lseek", nameof(FuseLowLevelOps.Lseek)),
    ];

    public static int OperationCount => Operations.Length;

    public static IEnumerable<(string Key, long Value)> Rows()
    {
        yield return Size<Timespec>("timespec");
        yield return Offset<Timespec>("timespec.tv_sec", nameof(Timespec.TvSec));
        yield return Offset<Timespec>("timespec.tv_nsec", nameof(Timespec.TvNsec));

        yield return Size<Stat>("stat");
        foreach (var (c, cs) in new[]
        {
            ("st_dev", nameof(Stat.StDev)), ("st_ino", nameof(Stat.StIno)), ("st_nlink", nameof(Stat.StNlink)),
            ("st_mode", nameof(Stat.StMode)), ("st_uid", nameof(Stat.StUid)), ("st_gid", nameof(Stat.StGid)),
            ("st_rdev", nameof(Stat.StRdev)), ("st_size", nameof(Stat.StSize)), ("st_blksize", nameof(Stat.StBlksize)),
            ("st_blocks", nameof(Stat.StBlocks)), ("st_atim", nameof(Stat.StAtim)), ("st_mtim", nameof(Stat.StMtim)),
            ("st_ctim", nameof(Stat.StCtim)),
        })
        {
            yield return Offset<Stat>("stat." + c, cs);
        }

        yield return Size<StatVfs>("statvfs");
        foreach (var (c, cs) in new[]
        {
            ("f_bsize", nameof(StatVfs.FBsize)), ("f_frsize", nameof(StatVfs.FFrsize)), ("f_blocks", nameof(StatVfs.FBlocks)),
            ("f_bfree", nameof(StatVfs.FBfree)), ("f_bavail", nameof(StatVfs.FBavail)), ("f_files", nameof(StatVfs.FFiles)),
            ("f_ffree", nameof(StatVfs.FFfree)), ("f_favail", nameof(StatVfs.FFavail)), ("f_fsid", nameof(StatVfs.FFsid)),
            ("f_flag", nameof(StatVfs.FFlag)), ("f_namemax", nameof(StatVfs.FNamemax)),
        })
        {
            yield return Offset<StatVfs>("statvfs." + c, cs);
        }

        yield return Size<FuseFileInfo>("fuse_file_info");
        yield return Offset<FuseFileInfo>("fuse_file_info.flags", nameof(FuseFileInfo.Flags));
        yield return Offset<FuseFileInfo>("fuse_file_info.fh", nameof(FuseFileInfo.Fh));
        yield return Offset<FuseFileInfo>("fuse_file_info.lock_owner", nameof(FuseFileInfo.LockOwner));
        yield return Offset<FuseFileInfo>("fuse_file_info.poll_events", nameof(FuseFileInfo.PollEvents));
        yield return ("bit fuse_file_info.writepage", FuseFileInfo.WritePage);
        yield return ("bit fuse_file_info.direct_io", FuseFileInfo.DirectIo);
        yield return ("bit fuse_file_info.keep_cache", FuseFileInfo.KeepCache);
        yield return ("bit fuse_file_info.flush", FuseFileInfo.Flush);
        yield return ("bit fuse_file_info.nonseekable", FuseFileInfo.NonSeekable);
        yield return ("bit fuse_file_info.flock_release", FuseFileInfo.FlockRelease);
        yield return ("bit fuse_file_info.cache_readdir", FuseFileInfo.CacheReaddir);
        yield return ("bit fuse_file_info.noflush", FuseFileInfo.NoFlush);
        // The bit-field word is at offset 4 (the bits above are read there) and padding2 fills the word at 8.
        yield return ("word fuse_file_info.padding2@8",
            Marshal.OffsetOf<FuseFileInfo>(nameof(FuseFileInfo.Padding2)).ToInt64() == 8 ? uint.MaxValue : -1);

        yield return Size<FuseEntryParam>("fuse_entry_param");
        yield return Offset<FuseEntryParam>("fuse_entry_param.ino", nameof(FuseEntryParam.Ino));
        yield return Offset<FuseEntryParam>("fuse_entry_param.generation", nameof(FuseEntryParam.Generation));
        yield return Offset<FuseEntryParam>("fuse_entry_param.attr", nameof(FuseEntryParam.Attr));
        yield return Offset<FuseEntryParam>("fuse_entry_param.attr_timeout", nameof(FuseEntryParam.AttrTimeout));
        yield return Offset<FuseEntryParam>("fuse_entry_param.entry_timeout", nameof(FuseEntryParam.EntryTimeout));

        yield return Size<FuseConnInfo>("fuse_conn_info");
        foreach (var (c, cs) in new[]
        {
            ("proto_major", nameof(FuseConnInfo.ProtoMajor)), ("proto_minor", nameof(FuseConnInfo.ProtoMinor)),
            ("max_write", nameof(FuseConnInfo.MaxWrite)), ("max_read", nameof(FuseConnInfo.MaxRead)),
            ("max_readahead", nameof(FuseConnInfo.MaxReadahead)), ("capable", nameof(FuseConnInfo.Capable)),
            ("want", nameof(FuseConnInfo.Want)), ("max_background", nameof(FuseConnInfo.MaxBackground)),
            ("congestion_threshold", nameof(FuseConnInfo.CongestionThreshold)),
            ("time_gran", nameof(FuseConnInfo.TimeGran)), ("reserved", nameof(FuseConnInfo.Reserved)),
        })
        {
            yield return Offset<FuseConnInfo>("fuse_conn_info." + c, cs);
        }

        yield return Size<FuseCtx>("fuse_ctx");
        yield return Offset<FuseCtx>("fuse_ctx.uid", nameof(FuseCtx.Uid));
        yield return Offset<FuseCtx>("fuse_ctx.gid", nameof(FuseCtx.Gid));
        yield return Offset<FuseCtx>("fuse_ctx.pid", nameof(FuseCtx.Pid));
        yield return Offset<FuseCtx>("fuse_ctx.umask", nameof(FuseCtx.Umask));

        yield return Size<FuseArgs>("fuse_args");
        yield return Offset<FuseArgs>("fuse_args.argc", nameof(FuseArgs.Argc));
        yield return Offset<FuseArgs>("fuse_args.argv", nameof(FuseArgs.Argv));
        yield return Offset<FuseArgs>("fuse_args.allocated", nameof(FuseArgs.Allocated));

        yield return Size<FuseBuf>("fuse_buf");
        yield return Offset<FuseBuf>("fuse_buf.size", nameof(FuseBuf.BufSize));
        yield return Offset<FuseBuf>("fuse_buf.flags", nameof(FuseBuf.Flags));
        yield return Offset<FuseBuf>("fuse_buf.mem", nameof(FuseBuf.Mem));
        yield return Offset<FuseBuf>("fuse_buf.fd", nameof(FuseBuf.Fd));
        yield return Offset<FuseBuf>("fuse_buf.pos", nameof(FuseBuf.Pos));

        yield return Size<FuseBufVec>("fuse_bufvec");
        yield return Offset<FuseBufVec>("fuse_bufvec.count", nameof(FuseBufVec.Count));
        yield return Offset<FuseBufVec>("fuse_bufvec.idx", nameof(FuseBufVec.Idx));
        yield return Offset<FuseBufVec>("fuse_bufvec.off", nameof(FuseBufVec.Off));
        yield return Offset<FuseBufVec>("fuse_bufvec.buf", nameof(FuseBufVec.Buf));

        yield return Size<FuseForgetData>("fuse_forget_data");
        yield return Offset<FuseForgetData>("fuse_forget_data.ino", nameof(FuseForgetData.Ino));
        yield return Offset<FuseForgetData>("fuse_forget_data.nlookup", nameof(FuseForgetData.Nlookup));

        yield return Size<FuseCustomIo>("fuse_custom_io");
        yield return Offset<FuseCustomIo>("fuse_custom_io.writev", nameof(FuseCustomIo.Writev));
        yield return Offset<FuseCustomIo>("fuse_custom_io.read", nameof(FuseCustomIo.Read));
        yield return Offset<FuseCustomIo>("fuse_custom_io.splice_receive", nameof(FuseCustomIo.SpliceReceive));
        yield return Offset<FuseCustomIo>("fuse_custom_io.splice_send", nameof(FuseCustomIo.SpliceSend));

        yield return Size<IoVec>("iovec");
        yield return Offset<IoVec>("iovec.iov_base", nameof(IoVec.Base));
        yield return Offset<IoVec>("iovec.iov_len", nameof(IoVec.Length));

        yield return Size<IoUringParams>("io_uring_params");
        foreach (var (c, cs) in new[]
        {
            ("sq_entries", nameof(IoUringParams.SqEntries)), ("cq_entries", nameof(IoUringParams.CqEntries)),
            ("flags", nameof(IoUringParams.Flags)), ("features", nameof(IoUringParams.Features)),
            ("sq_off", nameof(IoUringParams.SqOffsets)), ("cq_off", nameof(IoUringParams.CqOffsets)),
        })
        {
            yield return Offset<IoUringParams>("io_uring_params." + c, cs);
        }
        yield return Size<IoSqringOffsets>("io_sqring_offsets");
        yield return Offset<IoSqringOffsets>("io_sqring_offsets.head", nameof(IoSqringOffsets.Head));
        yield return Offset<IoSqringOffsets>("io_sqring_offsets.tail", nameof(IoSqringOffsets.Tail));
        yield return Offset<IoSqringOffsets>("io_sqring_offsets.ring_mask", nameof(IoSqringOffsets.RingMask));
        yield return Offset<IoSqringOffsets>("io_sqring_offsets.ring_entries", nameof(IoSqringOffsets.RingEntries));
        yield return Offset<IoSqringOffsets>("io_sqring_offsets.array", nameof(IoSqringOffsets.Array));
        yield return Size<IoCqringOffsets>("io_cqring_offsets");
        yield return Offset<IoCqringOffsets>("io_cqring_offsets.head", nameof(IoCqringOffsets.Head));
        yield return Offset<IoCqringOffsets>("io_cqring_offsets.tail", nameof(IoCqringOffsets.Tail));
        yield return Offset<IoCqringOffsets>("io_cqring_offsets.ring_mask", nameof(IoCqringOffsets.RingMask));
        yield return Offset<IoCqringOffsets>("io_cqring_offsets.ring_entries", nameof(IoCqringOffsets.RingEntries));
        yield return Offset<IoCqringOffsets>("io_cqring_offsets.cqes", nameof(IoCqringOffsets.Cqes));
        yield return Size<IoUringSqe>("io_uring_sqe");
        foreach (var (c, cs) in new[]
        {
            ("opcode", nameof(IoUringSqe.Opcode)), ("flags", nameof(IoUringSqe.Flags)), ("fd", nameof(IoUringSqe.Fd)),
            ("cmd_op", nameof(IoUringSqe.CommandOp)), ("addr", nameof(IoUringSqe.Address)), ("len", nameof(IoUringSqe.Length)),
            ("uring_cmd_flags", nameof(IoUringSqe.CommandFlags)), ("user_data", nameof(IoUringSqe.UserData)),
        })
        {
            yield return Offset<IoUringSqe>("io_uring_sqe." + c, cs);
        }
        yield return ("offsetof io_uring_sqe.cmd", IoUringSqe.CommandOffset);
        yield return Size<IoUringCqe>("io_uring_cqe");
        yield return Offset<IoUringCqe>("io_uring_cqe.user_data", nameof(IoUringCqe.UserData));
        yield return Offset<IoUringCqe>("io_uring_cqe.res", nameof(IoUringCqe.Result));
        yield return Offset<IoUringCqe>("io_uring_cqe.flags", nameof(IoUringCqe.Flags));

        yield return Size<FuseLowLevelOps>("fuse_lowlevel_ops");
        foreach (var (c, cs) in Operations)
        {
            yield return Offset<FuseLowLevelOps>("fuse_lowlevel_ops." + c, cs);
        }

        foreach (var row in Constants())
        {
            yield return row;
        }
    }

    private static IEnumerable<(string Key, long Value)> Constants()
    {
        yield return ("const FUSE_VERSION", FuseAvailability.SupportedVersion);
        yield return ("const FUSE_ROOT_ID", (long)ReservedInodes.Root);
        yield return ("const FUSE_SET_ATTR_MODE", (long)SetAttributeFields.Mode);
        yield return ("const FUSE_SET_ATTR_UID", (long)SetAttributeFields.Uid);
        yield return ("const FUSE_SET_ATTR_GID", (long)SetAttributeFields.Gid);
        yield return ("const FUSE_SET_ATTR_SIZE", (long)SetAttributeFields.Size);
        yield return ("const FUSE_SET_ATTR_ATIME", (long)SetAttributeFields.AccessTime);
        yield return ("const FUSE_SET_ATTR_MTIME", (long)SetAttributeFields.ModifyTime);
        yield return ("const FUSE_SET_ATTR_ATIME_NOW", (long)SetAttributeFields.AccessTimeNow);
        yield return ("const FUSE_SET_ATTR_MTIME_NOW", (long)SetAttributeFields.ModifyTimeNow);
        yield return ("const FUSE_SET_ATTR_CTIME", (long)SetAttributeFields.ChangeTime);
        yield return ("const FUSE_CAP_ATOMIC_O_TRUNC", FuseCapabilities.AtomicOTrunc);
        yield return ("const FUSE_CAP_SPLICE_READ", FuseCapabilities.SpliceRead);
        yield return ("const FUSE_CAP_SPLICE_WRITE", FuseCapabilities.SpliceWrite);
        yield return ("const FUSE_CAP_READDIRPLUS", FuseCapabilities.ReaddirPlus);
        yield return ("const FUSE_CAP_READDIRPLUS_AUTO", FuseCapabilities.ReaddirPlusAuto);
        yield return ("const FUSE_CAP_WRITEBACK_CACHE", FuseCapabilities.WritebackCache);
        yield return ("const FUSE_CAP_HANDLE_KILLPRIV", FuseCapabilities.HandleKillPriv);
        yield return ("const FUSE_CAP_CACHE_SYMLINKS", FuseCapabilities.CacheSymlinks);
        yield return ("const FUSE_BUF_IS_FD", FuseBuf.IsFd);
        yield return ("const FUSE_BUF_FD_SEEK", FuseBuf.FdSeek);
        yield return ("const FUSE_BUF_FD_RETRY", FuseBuf.FdRetry);
        yield return ("const FUSE_BUF_NO_SPLICE", FuseBufCopyFlags.NoSplice);
        yield return ("const FUSE_BUF_FORCE_SPLICE", FuseBufCopyFlags.ForceSplice);
        yield return ("const FUSE_BUF_SPLICE_MOVE", FuseBufCopyFlags.SpliceMove);
        yield return ("const FUSE_BUF_SPLICE_NONBLOCK", FuseBufCopyFlags.SpliceNonblock);
        yield return ("const S_IFMT", FileModes.TypeMask);
        yield return ("const S_IFREG", FileModes.Regular);
        yield return ("const S_IFDIR", FileModes.Directory);
        yield return ("const S_IFLNK", FileModes.Symlink);
        yield return ("const S_IFIFO", FileModes.Fifo);
        yield return ("const S_IFSOCK", FileModes.Socket);
        yield return ("const S_IFCHR", FileModes.CharacterDevice);
        yield return ("const S_IFBLK", FileModes.BlockDevice);
        yield return ("const O_ACCMODE", OpenFlags.AccessModeMask);
        yield return ("const O_RDONLY", OpenFlags.ReadOnly);
        yield return ("const O_WRONLY", OpenFlags.WriteOnly);
        yield return ("const O_RDWR", OpenFlags.ReadWrite);
        yield return ("const O_CREAT", OpenFlags.Create);
        yield return ("const O_EXCL", OpenFlags.Exclusive);
        yield return ("const O_TRUNC", OpenFlags.Truncate);
        yield return ("const O_APPEND", OpenFlags.Append);
        yield return ("const RENAME_NOREPLACE", (long)RenameFlags.NoReplace);
        yield return ("const RENAME_EXCHANGE", (long)RenameFlags.Exchange);
        yield return ("const RENAME_WHITEOUT", (long)RenameFlags.Whiteout);
        yield return ("const XATTR_CREATE", (long)XattrFlags.Create);
        yield return ("const XATTR_REPLACE", (long)XattrFlags.Replace);
        yield return ("const FALLOC_FL_KEEP_SIZE", FallocateModes.KeepSize);
        yield return ("const FALLOC_FL_PUNCH_HOLE", FallocateModes.PunchHole);
        yield return ("const FALLOC_FL_ZERO_RANGE", FallocateModes.ZeroRange);
        yield return ("const SEEK_DATA", SeekWhence.Data);
        yield return ("const SEEK_HOLE", SeekWhence.Hole);
        yield return ("const __NR_io_uring_setup", IoUring.SysSetup);
        yield return ("const __NR_io_uring_enter", IoUring.SysEnter);
        yield return ("const IORING_OP_URING_CMD", IoUringSqe.OpUringCmd);
        yield return ("const IORING_SETUP_SQE128", IoUringParams.SetupSqe128);
        yield return ("const IORING_SETUP_CQSIZE", IoUringParams.SetupCqSize);
        yield return ("const IORING_SETUP_SUBMIT_ALL", IoUringParams.SetupSubmitAll);
        yield return ("const IORING_FEAT_SINGLE_MMAP", IoUringParams.FeatureSingleMmap);
        yield return ("const IORING_ENTER_GETEVENTS", IoUring.EnterGetEvents);
        yield return ("const IORING_OFF_SQ_RING", IoUring.OffSqRing);
        yield return ("const IORING_OFF_CQ_RING", IoUring.OffCqRing);
        yield return ("const IORING_OFF_SQES", IoUring.OffSqes);
        yield return ("const PROT_READ | PROT_WRITE", Libc.ProtReadWrite);
        yield return ("const MAP_SHARED", Libc.MapShared);
        yield return ("const MAP_PRIVATE | MAP_ANONYMOUS", Libc.MapPrivateAnonymous);
        yield return ("const MAP_POPULATE", Libc.MapPopulate);
        yield return ("const MNT_DETACH", Libc.MntDetach);
        yield return ("const O_CLOEXEC", Libc.OpenCloseOnExec);
        yield return ("const UMOUNT_NOFOLLOW", Libc.UmountNoFollow);
        // Errno is portable: the number the host sends on Linux is its Linux table's.
        foreach (Errno errno in Enum.GetValues<Errno>().Where(value => value != Errno.None))
        {
            yield return ("const " + errno, ErrnoTables.Linux.ToNative(errno));
        }
    }

    private static (string, long) Size<T>(string name) where T : unmanaged => ("sizeof " + name, Unsafe.SizeOf<T>());

    private static (string, long) Offset<T>(string name, string field) where T : unmanaged =>
        ("offsetof " + name, Marshal.OffsetOf<T>(field).ToInt64());
}
