using Indra.FileSystem;
using Indra.Platform.Fuse.Interop;
using Indra.Platform.Fuse.Native;

namespace Indra.Platform.Fuse.Callbacks;

/// <summary>
/// Packs the entries of one readdir/readdirplus request into the reply buffer with <c>fuse_add_direntry[_plus]</c>.
/// One instance per libfuse worker thread, reused across requests, so that a listing allocates no delegate or list.
/// The sink refuses an entry that does not fit before the filesystem counts it, so for readdirplus the filesystem
/// takes a lookup reference exactly for the entries that are in the buffer; <see cref="Counted"/> lists them so
/// that they can be given back if the reply never reaches the kernel.
/// </summary>
internal sealed unsafe class DirectoryFiller
{
    [ThreadStatic]
    private static DirectoryFiller? _current;

    private readonly DirectoryEntrySink sink;
    private readonly List<ulong> counted = [];
    private byte[] nameBuffer = new byte[1024];
    private nint request;
    private byte* buffer;
    private nuint capacity;
    private nuint used;
    private bool plus;

    private DirectoryFiller() => sink = Accept;

    /// <summary>Bytes of the buffer filled so far.</summary>
    public nuint Used => used;

    /// <summary>Inodes of the accepted entries that took a lookup reference (readdirplus, not "." or "..").</summary>
    public IReadOnlyList<ulong> Counted => counted;

    /// <summary>The calling thread's filler.</summary>
    public static DirectoryFiller ForCurrentThread() => _current ??= new DirectoryFiller();

    /// <summary>Starts a request: entries go to <paramref name="target"/>, at most <paramref name="size"/> bytes.</summary>
    public DirectoryEntrySink Begin(nint fuseRequest, byte* target, nuint size, bool readdirPlus)
    {
        request = fuseRequest;
        buffer = target;
        capacity = size;
        used = 0;
        plus = readdirPlus;
        counted.Clear();
        return sink;
    }

    /// <summary>Ends the request: the sink refuses everything until the next <see cref="Begin"/>.</summary>
    public void End()
    {
        request = 0;
        buffer = null;
        capacity = 0;
    }

    private bool Accept(in DirectoryEntry entry)
    {
        if (buffer == null)
        {
            throw new InvalidOperationException("a directory sink was used after its readdir request ended");
        }
        if (entry.NextCookie == 0)
        {
            throw new InvalidOperationException($"directory entry \"{entry.Name}\" has cookie 0, which would restart the listing");
        }
        int maxLength = Utf8Names.MaxEncodedLength(entry.Name);
        if (nameBuffer.Length < maxLength)
        {
            nameBuffer = new byte[Math.Max(maxLength, nameBuffer.Length * 2)];
        }
        Utf8Names.Encode(entry.Name, nameBuffer);
        bool dotOrDotDot = entry.Name is "." or "..";
        nuint remaining = capacity - used;
        nuint needed;
        fixed (byte* name = nameBuffer)
        {
            needed = plus
                ? AddPlus(name, entry, remaining, counts: !dotOrDotDot)
                : AddPlain(name, entry, remaining);
        }
        if (needed > remaining)
        {
            return false;
        }
        used += needed;
        if (plus && !dotOrDotDot)
        {
            counted.Add(entry.Attributes.Inode);
        }
        return true;
    }

    private nuint AddPlain(byte* name, in DirectoryEntry entry, nuint remaining)
    {
        // Only st_ino and the type bits of st_mode are read (fuse_lowlevel.h); ino and mode sit at different
        // offsets on aarch64, so each layout is filled by its own struct.
        if (NativeStat.IsArm64)
        {
            StatArm64 stat = default;
            stat.StIno = entry.Attributes.Inode;
            stat.StMode = entry.Attributes.Mode;
            return LibFuse.AddDirentry(request, buffer + used, remaining, name, &stat, entry.NextCookie);
        }
        Stat x64Stat = default;
        x64Stat.StIno = entry.Attributes.Inode;
        x64Stat.StMode = entry.Attributes.Mode;
        return LibFuse.AddDirentry(request, buffer + used, remaining, name, &x64Stat, entry.NextCookie);
    }

    private nuint AddPlus(byte* name, in DirectoryEntry entry, nuint remaining, bool counts)
    {
        // "." and ".." go out with node id 0: the kernel neither links nor counts them (fuse_direntplus_link).
        if (NativeStat.IsArm64)
        {
            FuseEntryParamArm64 parameters = default;
            EntryParams.Fill(&parameters, entry.Attributes, counts);
            return LibFuse.AddDirentryPlus(request, buffer + used, remaining, name, &parameters, entry.NextCookie);
        }
        FuseEntryParam x64Parameters = default;
        EntryParams.Fill(&x64Parameters, entry.Attributes, counts);
        return LibFuse.AddDirentryPlus(request, buffer + used, remaining, name, &x64Parameters, entry.NextCookie);
    }
}
