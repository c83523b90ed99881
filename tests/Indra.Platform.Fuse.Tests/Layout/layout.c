/*
 * Prints the sizes, offsets, bit-field masks and constants of everything Indra.Platform.Fuse binds, as seen by the C
 * compiler with the installed libfuse 3 headers. One "kind name value" line each; LayoutTests compares them with
 * the C# definitions.
 */
#define _GNU_SOURCE
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <linux/falloc.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <linux/io_uring.h>
#include <time.h>

#define SIZE(s) printf("sizeof %s %zu\n", #s, sizeof(struct s))
#define OFF(s, f) printf("offsetof %s.%s %zu\n", #s, #f, offsetof(struct s, f))
#define CONST(c) printf("const %s %lld\n", #c, (long long)(c))

static unsigned word_at(const void *p, size_t offset)
{
    unsigned w;
    memcpy(&w, (const char *)p + offset, sizeof w);
    return w;
}

#define BIT(f) do { \
    struct fuse_file_info fi; \
    memset(&fi, 0, sizeof fi); \
    fi.f = 1; \
    printf("bit fuse_file_info.%s %u\n", #f, word_at(&fi, 4)); \
} while (0)

int main(void)
{
    SIZE(timespec); OFF(timespec, tv_sec); OFF(timespec, tv_nsec);

    SIZE(stat);
    OFF(stat, st_dev); OFF(stat, st_ino); OFF(stat, st_nlink); OFF(stat, st_mode); OFF(stat, st_uid);
    OFF(stat, st_gid); OFF(stat, st_rdev); OFF(stat, st_size); OFF(stat, st_blksize); OFF(stat, st_blocks);
    OFF(stat, st_atim); OFF(stat, st_mtim); OFF(stat, st_ctim);

    SIZE(statvfs);
    OFF(statvfs, f_bsize); OFF(statvfs, f_frsize); OFF(statvfs, f_blocks); OFF(statvfs, f_bfree);
    OFF(statvfs, f_bavail); OFF(statvfs, f_files); OFF(statvfs, f_ffree); OFF(statvfs, f_favail);
    OFF(statvfs, f_fsid); OFF(statvfs, f_flag); OFF(statvfs, f_namemax);

    SIZE(fuse_file_info);
    OFF(fuse_file_info, flags); OFF(fuse_file_info, fh); OFF(fuse_file_info, lock_owner);
    OFF(fuse_file_info, poll_events);
    BIT(writepage); BIT(direct_io); BIT(keep_cache); BIT(flush); BIT(nonseekable); BIT(flock_release);
    BIT(cache_readdir); BIT(noflush);
    {
        struct fuse_file_info fi;
        memset(&fi, 0, sizeof fi);
        fi.padding2 = 0xffffffffu;
        printf("word fuse_file_info.padding2@8 %u\n", word_at(&fi, 8));
    }

    SIZE(fuse_entry_param);
    OFF(fuse_entry_param, ino); OFF(fuse_entry_param, generation); OFF(fuse_entry_param, attr);
    OFF(fuse_entry_param, attr_timeout); OFF(fuse_entry_param, entry_timeout);

    SIZE(fuse_conn_info);
    OFF(fuse_conn_info, proto_major); OFF(fuse_conn_info, proto_minor); OFF(fuse_conn_info, max_write);
    OFF(fuse_conn_info, max_read); OFF(fuse_conn_info, max_readahead); OFF(fuse_conn_info, capable);
    OFF(fuse_conn_info, want); OFF(fuse_conn_info, max_background); OFF(fuse_conn_info, congestion_threshold);
    OFF(fuse_conn_info, time_gran); OFF(fuse_conn_info, reserved);

    SIZE(fuse_ctx); OFF(fuse_ctx, uid); OFF(fuse_ctx, gid); OFF(fuse_ctx, pid); OFF(fuse_ctx, umask);
    SIZE(fuse_args); OFF(fuse_args, argc); OFF(fuse_args, argv); OFF(fuse_args, allocated);
    SIZE(fuse_buf); OFF(fuse_buf, size); OFF(fuse_buf, flags); OFF(fuse_buf, mem); OFF(fuse_buf, fd); OFF(fuse_buf, pos);
    SIZE(fuse_bufvec); OFF(fuse_bufvec, count); OFF(fuse_bufvec, idx); OFF(fuse_bufvec, off); OFF(fuse_bufvec, buf);
    SIZE(fuse_forget_data); OFF(fuse_forget_data, ino); OFF(fuse_forget_data, nlookup);
    SIZE(fuse_custom_io); OFF(fuse_custom_io, writev); OFF(fuse_custom_io, read);
    OFF(fuse_custom_io, splice_receive); OFF(fuse_custom_io, splice_send);
    SIZE(iovec); OFF(iovec, iov_base); OFF(iovec, iov_len);

    SIZE(fuse_lowlevel_ops);
    OFF(fuse_lowlevel_ops, init); OFF(fuse_lowlevel_ops, destroy); OFF(fuse_lowlevel_ops, lookup);
    OFF(fuse_lowlevel_ops, forget); OFF(fuse_lowlevel_ops, getattr); OFF(fuse_lowlevel_ops, setattr);
    OFF(fuse_lowlevel_ops, readlink); OFF(fuse_lowlevel_ops, mknod); OFF(fuse_lowlevel_ops, mkdir);
    OFF(fuse_lowlevel_ops, unlink); OFF(fuse_lowlevel_ops, rmdir); OFF(fuse_lowlevel_ops, symlink);
    OFF(fuse_lowlevel_ops, rename); OFF(fuse_lowlevel_ops, link); OFF(fuse_lowlevel_ops, open);
    OFF(fuse_lowlevel_ops, read); OFF(fuse_lowlevel_ops, write); OFF(fuse_lowlevel_ops, flush);
    OFF(fuse_lowlevel_ops, release); OFF(fuse_lowlevel_ops, fsync); OFF(fuse_lowlevel_ops, opendir);
    OFF(fuse_lowlevel_ops, readdir); OFF(fuse_lowlevel_ops, releasedir); OFF(fuse_lowlevel_ops, fsyncdir);
    OFF(fuse_lowlevel_ops, statfs); OFF(fuse_lowlevel_ops, setxattr); OFF(fuse_lowlevel_ops, getxattr);
    OFF(fuse_lowlevel_ops, listxattr); OFF(fuse_lowlevel_ops, removexattr); OFF(fuse_lowlevel_ops, access);
    OFF(fuse_lowlevel_ops, create); OFF(fuse_lowlevel_ops, getlk); OFF(fuse_lowlevel_ops, setlk);
    OFF(fuse_lowlevel_ops, bmap); OFF(fuse_lowlevel_ops, ioctl); OFF(fuse_lowlevel_ops, poll);
    OFF(fuse_lowlevel_ops, write_buf); OFF(fuse_lowlevel_ops, retrieve_reply); OFF(fuse_lowlevel_ops, forget_multi);
    OFF(fuse_lowlevel_ops, flock); OFF(fuse_lowlevel_ops, fallocate); OFF(fuse_lowlevel_ops, readdirplus);
    OFF(fuse_lowlevel_ops, copy_file_range); OFF(fuse_lowlevel_ops, lseek);

    SIZE(io_uring_params); OFF(io_uring_params, sq_entries); OFF(io_uring_params, cq_entries); OFF(io_uring_params, flags);
    OFF(io_uring_params, features); OFF(io_uring_params, sq_off); OFF(io_uring_params, cq_off);
    SIZE(io_sqring_offsets); OFF(io_sqring_offsets, head); OFF(io_sqring_offsets, tail); OFF(io_sqring_offsets, ring_mask);
    OFF(io_sqring_offsets, ring_entries); OFF(io_sqring_offsets, array);
    SIZE(io_cqring_offsets); OFF(io_cqring_offsets, head); OFF(io_cqring_offsets, tail); OFF(io_cqring_offsets, ring_mask);
    OFF(io_cqring_offsets, ring_entries); OFF(io_cqring_offsets, cqes);
    SIZE(io_uring_sqe); OFF(io_uring_sqe, opcode); OFF(io_uring_sqe, flags); OFF(io_uring_sqe, fd); OFF(io_uring_sqe, cmd_op);
    OFF(io_uring_sqe, addr); OFF(io_uring_sqe, len); OFF(io_uring_sqe, uring_cmd_flags); OFF(io_uring_sqe, user_data);
    OFF(io_uring_sqe, cmd);
    SIZE(io_uring_cqe); OFF(io_uring_cqe, user_data); OFF(io_uring_cqe, res); OFF(io_uring_cqe, flags);
    CONST(__NR_io_uring_setup); CONST(__NR_io_uring_enter); CONST(IORING_OP_URING_CMD); CONST(IORING_SETUP_SQE128);
    CONST(IORING_SETUP_CQSIZE); CONST(IORING_SETUP_SUBMIT_ALL); CONST(IORING_FEAT_SINGLE_MMAP); CONST(IORING_ENTER_GETEVENTS);
    CONST(IORING_OFF_SQ_RING); CONST(IORING_OFF_CQ_RING); CONST(IORING_OFF_SQES);
    CONST(PROT_READ | PROT_WRITE); CONST(MAP_SHARED); CONST(MAP_PRIVATE | MAP_ANONYMOUS); CONST(MAP_POPULATE);

    CONST(FUSE_VERSION); CONST(FUSE_ROOT_ID);
    CONST(FUSE_SET_ATTR_MODE); CONST(FUSE_SET_ATTR_UID); CONST(FUSE_SET_ATTR_GID); CONST(FUSE_SET_ATTR_SIZE);
    CONST(FUSE_SET_ATTR_ATIME); CONST(FUSE_SET_ATTR_MTIME); CONST(FUSE_SET_ATTR_ATIME_NOW);
    CONST(FUSE_SET_ATTR_MTIME_NOW); CONST(FUSE_SET_ATTR_CTIME);
    CONST(FUSE_CAP_ATOMIC_O_TRUNC); CONST(FUSE_CAP_SPLICE_READ); CONST(FUSE_CAP_READDIRPLUS);
    CONST(FUSE_CAP_READDIRPLUS_AUTO); CONST(FUSE_CAP_WRITEBACK_CACHE); CONST(FUSE_CAP_HANDLE_KILLPRIV);
    CONST(FUSE_CAP_CACHE_SYMLINKS); CONST(FUSE_CAP_SPLICE_WRITE);
    CONST(FUSE_BUF_IS_FD); CONST(FUSE_BUF_FD_SEEK); CONST(FUSE_BUF_FD_RETRY);
    CONST(FUSE_BUF_NO_SPLICE); CONST(FUSE_BUF_FORCE_SPLICE); CONST(FUSE_BUF_SPLICE_MOVE); CONST(FUSE_BUF_SPLICE_NONBLOCK);
    CONST(S_IFMT); CONST(S_IFREG); CONST(S_IFDIR); CONST(S_IFLNK);
    CONST(S_IFIFO); CONST(S_IFSOCK); CONST(S_IFCHR); CONST(S_IFBLK);
    CONST(O_ACCMODE); CONST(O_RDONLY); CONST(O_WRONLY); CONST(O_RDWR); CONST(O_CREAT); CONST(O_EXCL);
    CONST(O_TRUNC); CONST(O_APPEND); CONST(O_CLOEXEC);
    CONST(RENAME_NOREPLACE); CONST(RENAME_EXCHANGE); CONST(RENAME_WHITEOUT);
    CONST(XATTR_CREATE); CONST(XATTR_REPLACE);
    CONST(FALLOC_FL_KEEP_SIZE); CONST(FALLOC_FL_PUNCH_HOLE); CONST(FALLOC_FL_ZERO_RANGE); CONST(SEEK_DATA); CONST(SEEK_HOLE);
    CONST(MNT_DETACH); CONST(UMOUNT_NOFOLLOW);
    CONST(EPERM); CONST(ENOENT); CONST(EIO); CONST(E2BIG); CONST(ENXIO); CONST(EBADF); CONST(EAGAIN); CONST(EACCES); CONST(EBUSY);
    CONST(EEXIST); CONST(EXDEV); CONST(ENOTDIR); CONST(EISDIR); CONST(EINVAL); CONST(EFBIG); CONST(ENOSPC);
    CONST(EROFS); CONST(EMLINK); CONST(ERANGE); CONST(ENAMETOOLONG); CONST(ENOSYS); CONST(ENOTEMPTY);
    CONST(ELOOP); CONST(ENODATA); CONST(EOPNOTSUPP); CONST(EDQUOT);
    return 0;
}
