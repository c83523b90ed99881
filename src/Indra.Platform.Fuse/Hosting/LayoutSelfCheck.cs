using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// Startup assertion of the struct sizes the libfuse 3.14 headers give on LP64 (the tests check every offset against
/// a C program). A mismatch means a broken build, so mounting is refused rather than corrupting memory.
/// </summary>
internal static unsafe class LayoutSelfCheck
{
    /// <summary>Null when every size matches; otherwise one line naming the first mismatch.</summary>
    public static string? Verify()
    {
        (string Name, int Actual, int Expected)[] checks =
        [
            ("fuse_lowlevel_ops", sizeof(FuseLowLevelOps), FuseLowLevelOps.Size),
            ("fuse_file_info", sizeof(FuseFileInfo), FuseFileInfo.Size),
            ("fuse_conn_info", sizeof(FuseConnInfo), FuseConnInfo.Size),
            ("fuse_ctx", sizeof(FuseCtx), FuseCtx.Size),
            ("fuse_args", sizeof(FuseArgs), FuseArgs.Size),
            ("fuse_forget_data", sizeof(FuseForgetData), FuseForgetData.Size),
            ("statvfs", sizeof(StatVfs), StatVfs.Size),
            ("io_uring_params", sizeof(IoUringParams), IoUringParams.Size),
            ("io_uring_sqe", sizeof(IoUringSqe), IoUringSqe.Size),
            ("io_uring_cqe", sizeof(IoUringCqe), IoUringCqe.Size),
            ("fuse_uring_cmd_req", sizeof(FuseUringCmdReq), FuseUringCmdReq.Size),
            NativeStat.IsArm64
                ? ("fuse_entry_param", sizeof(FuseEntryParamArm64), FuseEntryParamArm64.Size)
                : ("fuse_entry_param", sizeof(FuseEntryParam), FuseEntryParam.Size),
        ];
        foreach (var (name, actual, expected) in checks)
        {
            if (actual != expected)
            {
                return $"internal error: struct {name} is {actual} bytes, libfuse 3.14 expects {expected}";
            }
        }
        return null;
    }
}
