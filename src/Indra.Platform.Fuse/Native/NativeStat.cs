using System.Runtime.InteropServices;
using Indra.FileSystem;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Native;

/// <summary>
/// Chooses the <c>struct stat</c> layout of the running architecture once at startup (x86_64: <see cref="Stat"/>,
/// aarch64: <see cref="StatArm64"/>) and converts between it and <see cref="NodeAttributes"/>.
/// </summary>
internal static unsafe class NativeStat
{
    /// <summary>Preferred I/O size reported in <c>st_blksize</c>, in bytes.</summary>
    public const int PreferredBlockSize = 4096;

    /// <summary>True when the process uses the aarch64 layouts.</summary>
    public static readonly bool IsArm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    /// <summary>Whether the host has struct layouts for <paramref name="architecture"/>.</summary>
    public static bool IsSupported(Architecture architecture) =>
        architecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Fills an x86_64 stat; the caller zeroed it.</summary>
    public static void Fill(Stat* stat, in NodeAttributes attributes)
    {
        stat->StIno = attributes.Inode;
        stat->StMode = attributes.Mode;
        stat->StNlink = attributes.LinkCount;
        stat->StUid = attributes.Uid;
        stat->StGid = attributes.Gid;
        stat->StRdev = attributes.DeviceNumber;
        stat->StSize = attributes.Size;
        stat->StBlksize = PreferredBlockSize;
        stat->StBlocks = attributes.Blocks512;
        stat->StAtim = Timespec.FromNanoseconds(attributes.AccessTimeNs);
        stat->StMtim = Timespec.FromNanoseconds(attributes.ModifyTimeNs);
        stat->StCtim = Timespec.FromNanoseconds(attributes.ChangeTimeNs);
    }

    /// <summary>Fills an aarch64 stat; the caller zeroed it.</summary>
    public static void Fill(StatArm64* stat, in NodeAttributes attributes)
    {
        stat->StIno = attributes.Inode;
        stat->StMode = attributes.Mode;
        stat->StNlink = attributes.LinkCount;
        stat->StUid = attributes.Uid;
        stat->StGid = attributes.Gid;
        stat->StRdev = attributes.DeviceNumber;
        stat->StSize = attributes.Size;
        stat->StBlksize = PreferredBlockSize;
        stat->StBlocks = attributes.Blocks512;
        stat->StAtim = Timespec.FromNanoseconds(attributes.AccessTimeNs);
        stat->StMtim = Timespec.FromNanoseconds(attributes.ModifyTimeNs);
        stat->StCtim = Timespec.FromNanoseconds(attributes.ChangeTimeNs);
    }

    /// <summary>
    /// Builds a setattr request from libfuse's <c>struct stat *attr</c> and <c>to_set</c>. <c>to_set</c> holds
    /// <c>FUSE_SET_ATTR_*</c> values, which <see cref="SetAttributeFields"/> mirrors; bits it does not define
    /// (FORCE, KILL_SUID, KILL_SGID and later additions) are dropped.
    /// </summary>
    public static SetAttributesRequest ReadSetAttributes(void* attr, int toSet)
    {
        var request = new SetAttributesRequest { Fields = SetAttributeFieldsMask.Known(toSet) };
        if (IsArm64)
        {
            var stat = (StatArm64*)attr;
            request.Mode = stat->StMode & FileModes.PermissionMask;
            request.Uid = stat->StUid;
            request.Gid = stat->StGid;
            request.Size = stat->StSize;
            request.AccessTimeNs = stat->StAtim.ToNanoseconds();
            request.ModifyTimeNs = stat->StMtim.ToNanoseconds();
        }
        else
        {
            var stat = (Stat*)attr;
            request.Mode = stat->StMode & FileModes.PermissionMask;
            request.Uid = stat->StUid;
            request.Gid = stat->StGid;
            request.Size = stat->StSize;
            request.AccessTimeNs = stat->StAtim.ToNanoseconds();
            request.ModifyTimeNs = stat->StMtim.ToNanoseconds();
        }
        return request;
    }
}
