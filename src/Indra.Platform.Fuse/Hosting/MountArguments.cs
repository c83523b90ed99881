using Indra.FileSystem;

namespace Indra.Platform.Fuse.Hosting;

/// <summary>
/// The argument vector given to <c>fuse_session_new</c>. Only options that <c>fuse_session_new</c> and the mount
/// code understand may appear: any other makes it print "unknown option" and return NULL.
/// </summary>
internal static class MountArguments
{
    /// <summary>argv[0].</summary>
    public const string ProgramName = "indra";

    /// <summary>
    /// <c>["indra", "-o", "fsname=indra,subtype=indra,default_permissions,auto_unmount[,allow_other][,dev]"]</c>.
    /// default_permissions: the kernel checks modes, so <c>access</c> is never called and permission decisions are
    /// not cached per first caller. auto_unmount: libfuse mounts through fusermount3, which stays behind and removes
    /// the mount if this process dies (a dead mount would answer ENOTCONN until <c>umount -l</c>).
    /// </summary>
    public static string[] Build(MountOptions options)
    {
        var mountOptions = new List<string> { "fsname=indra", "subtype=indra", "default_permissions", "auto_unmount" };
        if (options.AllowOther)
        {
            mountOptions.Add("allow_other");
        }
        if (options.Devices)
        {
            // Without it libfuse mounts nodev: device nodes exist but open(2) of one answers EACCES.
            mountOptions.Add("dev");
        }
        return [ProgramName, "-o", string.Join(',', mountOptions)];
    }
}
