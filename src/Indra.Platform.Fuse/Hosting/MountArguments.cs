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
    /// <c>["indra", "-o", "fsname=indra,subtype=indra,default_permissions,auto_unmount[,allow_other]"]</c>.
    /// default_permissions: the kernel checks modes, so <c>access</c> is never called and permission decisions are
    /// not cached per first caller. auto_unmount: libfuse mounts through fusermount3, which stays behind and removes
    /// the mount if this process dies (a dead mount would answer ENOTCONN until <c>umount -l</c>).
    /// </summary>
    /// <param name="options">The mount's options.</param>
    /// <param name="maxRead">When above 0, <c>max_read=</c> that many bytes: the kernel's READ requests are at most that
    /// long (<see cref="Native.SplicedReplies.MaxRead"/>); the <c>init</c> callback must then announce the same value.</param>
    /// <remarks><see cref="MountOptions.Devices"/> is not an option here: fusermount3 mounts nodev whatever it is given;
    /// <see cref="DeviceAccess"/> clears the flag after mounting.</remarks>
    public static string[] Build(MountOptions options, int maxRead = 0)
    {
        var mountOptions = new List<string> { "fsname=indra", "subtype=indra", "default_permissions", "auto_unmount" };
        if (options.AllowOther)
        {
            mountOptions.Add("allow_other");
        }
        if (maxRead > 0)
        {
            mountOptions.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"max_read={maxRead}"));
        }
        return [ProgramName, "-o", string.Join(',', mountOptions)];
    }
}
