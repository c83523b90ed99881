using Indra.Engine.Content;
using Indra.Engine.Domain;
using Indra.Sharing.State;
using Microsoft.Extensions.Logging;

namespace Indra.Sharing.Sync;

/// <summary>
/// Seals the received blocks an encrypted vault kept in plain form before received blocks were sealed
/// (docs/encryption.md, "Blocks received from peers"). Runs once per vault: when it has gone through every peer's
/// folder it leaves the marker <see cref="MarkerName"/> in <c>VAULT/sharing/blocks/</c>, and a vault with the marker
/// (every encrypted vault made or opened since) is not scanned again. A block that already opens under the vault key is
/// kept; a plain block that still matches its name at its place in a recorded file is sealed in its place (deleted,
/// then put sealed); any other block (no recorded entry names it, or its bytes no longer match) is deleted, and a later
/// sync round fetches again what a peer still grants. Safe to run again after a crash midway: sealed blocks open and
/// are kept, plain ones are sealed, a block lost between its delete and its put is fetched again.
/// </summary>
internal static class ReceivedBlockSealing
{
    /// <summary>The file whose presence says every received block of the vault is sealed.</summary>
    internal const string MarkerName = "sealed";

    /// <summary>Seals every plain block in the peers' folders under <paramref name="blocksFolder"/>, once (see the type).</summary>
    /// <param name="blocksFolder"><see cref="SharingLayout.Blocks"/> of an encrypted vault.</param>
    /// <param name="received">Every recorded received entry (where each block lies, to check plain bytes against their name).</param>
    /// <param name="sealedStoreOf">A peer's received-block store, sealing (<see cref="ContentBlocks.OpenDirectoryBeside"/>).</param>
    /// <param name="log">Where what was sealed and dropped is reported.</param>
    /// <returns>Blocks sealed and blocks dropped (zeros when the marker was there).</returns>
    /// <exception cref="IOException">A block or the marker cannot be read or written.</exception>
    internal static (int Sealed, int Dropped) SealPlain(string blocksFolder, IReadOnlyList<ReceivedEntry> received, Func<PlayerId, ContentBlocks> sealedStoreOf, ILogger log)
    {
        var marker = Path.Combine(blocksFolder, MarkerName);
        if (File.Exists(marker)) return (0, 0);
        var places = received.Where(e => !e.IsDirectory).SelectMany(ReceivedStore.Placed).DistinctBy(p => p.Block.Hash).ToDictionary(p => p.Block.Hash);
        var (sealedCount, dropped) = (0, 0);
        foreach (var folder in Directory.EnumerateDirectories(blocksFolder))
        {
            if (!PlayerId.TryParse(Path.GetFileName(folder), out var peer)) continue;
            var sealedStore = sealedStoreOf(peer);
            using var plainStore = ContentBlocks.OpenDirectory(folder);
            foreach (var hash in plainStore.Enumerate().ToList())
            {
                if (Opens(sealedStore, hash)) continue;
                var bytes = new byte[Math.Max(0, plainStore.SizeOf(hash))];
                var read = plainStore.Read(hash, 0, bytes);
                // Deleted through the sealing store, which drops the read handle it cached when it tried to open it.
                sealedStore.Delete(hash);
                if (read == bytes.Length && places.TryGetValue(hash, out var place) && BlockKeys.Matches(hash, bytes, place.Offset, place.FileSize))
                {
                    sealedStore.Put(hash, bytes, durable: true);
                    sealedCount++;
                }
                else
                {
                    dropped++;
                }
            }
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = SharingLayout.OwnerOnlyFile;
        using (var stream = new FileStream(marker, options))
        {
            stream.Write("1\n"u8);
            stream.Flush(flushToDisk: true);
        }
        if (sealedCount + dropped > 0) log.LogInformation("sealed {Sealed} received blocks kept in plain form by an earlier version, dropped {Dropped} that no longer match their names", sealedCount, dropped);
        return (sealedCount, dropped);
    }

    /// <summary>True when block <paramref name="hash"/> authenticates under the vault key (it was sealed).</summary>
    private static bool Opens(ContentBlocks sealedStore, BlockHash hash)
    {
        try
        {
            sealedStore.Read(hash, 0, Span<byte>.Empty);
            return true;
        }
        catch (CorruptBlockException)
        {
            return false;
        }
    }
}
