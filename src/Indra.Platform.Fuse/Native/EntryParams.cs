using Indra.FileSystem;
using Indra.Platform.Fuse.Hosting;
using Indra.Platform.Fuse.Interop;

namespace Indra.Platform.Fuse.Native;

/// <summary>Fills <c>struct fuse_entry_param</c> (both layouts) from <see cref="NodeAttributes"/> with the host's timeouts.</summary>
internal static unsafe class EntryParams
{
    /// <summary>A positive entry; with <paramref name="counted"/> false the node id is 0 (readdirplus "." and "..").</summary>
    public static void Fill(FuseEntryParam* entry, in NodeAttributes attributes, bool counted = true)
    {
        entry->Ino = counted ? attributes.Inode : 0;
        entry->Generation = counted ? attributes.Generation : 0;
        NativeStat.Fill(&entry->Attr, attributes);
        entry->AttrTimeout = FuseTimeouts.Attributes;
        entry->EntryTimeout = FuseTimeouts.Entry;
    }

    /// <summary>A positive entry (aarch64 layout).</summary>
    public static void Fill(FuseEntryParamArm64* entry, in NodeAttributes attributes, bool counted = true)
    {
        entry->Ino = counted ? attributes.Inode : 0;
        entry->Generation = counted ? attributes.Generation : 0;
        NativeStat.Fill(&entry->Attr, attributes);
        entry->AttrTimeout = FuseTimeouts.Attributes;
        entry->EntryTimeout = FuseTimeouts.Entry;
    }
}
