using Indra.Engine.Content;
using Indra.Storage.Blocks;

namespace Indra.Engine.Vaults;

/// <summary>
/// Recognises a read of stored content that failed because the vault itself is damaged: a block the metadata names
/// is missing from the block store, or its bytes (or the object an object store returns for it) no longer hash to its
/// name (<c>indra fsck</c> reports both). Such a
/// read fails (EIO) and is logged; the vault keeps serving everything else.
/// </summary>
public static class DamagedContent
{
    /// <summary>True when <paramref name="exception"/> reports a missing or corrupt stored block.</summary>
    public static bool Is(Exception exception) => exception is BlockMissingException or MissingBlockException or CorruptBlockException or Storage.Blocks.ObjectStore.ObjectCorruptException;
}
