using System.Globalization;
using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>
/// Moves the received blocks of a vault made before blocks were kept per peer: they lie in one store for every peer,
/// <c>VAULT/sharing/blocks/ab/HASH</c> (two hex digits, then the block's BLAKE3 in hex), with writes staged in
/// <c>blocks/tmp/</c>. Each block goes to every peer whose recorded entries name it (copied, after checking it still
/// matches its name, <see cref="BlockKeys"/>), then the old file is deleted; a block no entry names, or whose bytes no longer match, is
/// dropped (a later sync round fetches what a peer still grants and is missing). Safe to run again after a crash
/// midway: what was already copied is kept, what is left is moved on the next start.
/// </summary>
internal static class LegacyReceivedBlocks
{
    /// <summary>Moves every old-layout block under <paramref name="blocksFolder"/> to the stores of the peers that sent it.</summary>
    /// <param name="blocksFolder"><see cref="SharingLayout.Blocks"/> of the vault.</param>
    /// <param name="received">Every recorded received entry.</param>
    /// <param name="storeOf">The received-block store of a peer.</param>
    /// <returns>Blocks moved and blocks dropped.</returns>
    /// <exception cref="IOException">A block cannot be read or written.</exception>
    internal static (int Moved, int Dropped) Move(string blocksFolder, IReadOnlyList<ReceivedEntry> received, Func<PlayerId, ContentBlocks> storeOf)
    {
        var fans = Directory.Exists(blocksFolder) ? Directory.EnumerateDirectories(blocksFolder).Where(IsFanFolder).ToList() : [];
        var staging = Path.Combine(blocksFolder, "tmp");
        if (fans.Count == 0)
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            return (0, 0);
        }
        var owners = received.SelectMany(e => e.Blocks.Select(b => (b.Hash, e.Peer))).Distinct().ToLookup(x => x.Hash, x => x.Peer);
        // Where each block lies in a file that names it: a block named by its position is checked at that position.
        var places = received.Where(e => !e.IsDirectory).SelectMany(ReceivedStore.Placed).DistinctBy(p => p.Block.Hash).ToDictionary(p => p.Block.Hash);
        var (moved, dropped) = (0, 0);
        foreach (var fan in fans)
        {
            foreach (var file in Directory.EnumerateFiles(fan).ToList())
            {
                if (!BlockHash.TryParse(Path.GetFileName(file), out var hash)) continue;
                var peers = owners[hash].ToList();
                var bytes = peers.Count == 0 ? [] : File.ReadAllBytes(file);
                if (peers.Count > 0 && places.TryGetValue(hash, out var place) && BlockKeys.Matches(hash, bytes, place.Offset, place.FileSize))
                {
                    foreach (var peer in peers) storeOf(peer).Put(hash, bytes, durable: false);
                    moved++;
                }
                else
                {
                    dropped++;
                }
                File.Delete(file);
            }
            if (!Directory.EnumerateFileSystemEntries(fan).Any()) Directory.Delete(fan);
        }
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        return (moved, dropped);
    }

    /// <summary>A fan-out folder of the old layout: two lowercase hex digits (a peer's folder is a 64-digit player id).</summary>
    private static bool IsFanFolder(string folder)
    {
        var name = Path.GetFileName(folder);
        return name.Length == 2 && byte.TryParse(name, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
    }
}
