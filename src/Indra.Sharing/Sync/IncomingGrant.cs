using Indra.Engine.Domain;
using Indra.Hashing;
using Indra.Sharing.Client;
using Indra.Sharing.Protocol;
using Indra.Sharing.State;

namespace Indra.Sharing.Sync;

/// <summary>A grant a peer announced, checked and turned into entries (root first).</summary>
/// <param name="Id">Grant id.</param>
/// <param name="Mode">Its mode.</param>
/// <param name="Entries">The entries as they would be stored.</param>
internal sealed record IncomingGrant(string Id, AccessMode Mode, IReadOnlyList<ReceivedEntry> Entries)
{
    /// <summary>Most grants in one manifest.</summary>
    internal const int MaxGrants = 10_000;

    /// <summary>Most players in one grant's audience (a steward sends only the grantee's realm co-members).</summary>
    internal const int MaxAudience = 1024;

    /// <summary>Most entries over all grants of one manifest.</summary>
    internal const int MaxEntries = 200_000;

    /// <summary>
    /// Checks a manifest from <paramref name="peer"/> and converts it. Anything malformed (ids, paths escaping the
    /// grant's root, sizes that do not add up, duplicates, a steward other than the peer) refuses the whole manifest.
    /// </summary>
    /// <exception cref="PeerProtocolException">The manifest is malformed.</exception>
    internal static List<IncomingGrant> FromManifest(ManifestDto manifest, PlayerId peer)
    {
        if (!PlayerId.TryParse(manifest.Steward, out var steward) || steward != peer) throw new PeerProtocolException("manifest steward is not the peer");
        if (manifest.Grants.Count > MaxGrants) throw new PeerProtocolException("manifest has too many grants");
        var result = new List<IncomingGrant>();
        var grantIds = new HashSet<string>(StringComparer.Ordinal);
        var roots = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var g in manifest.Grants)
        {
            if (g?.Id is null || g.Id.Length is 0 or > 64 || !g.Id.All(char.IsAsciiHexDigitLower) || !grantIds.Add(g.Id)) throw new PeerProtocolException("bad grant id");
            if (!Enum.TryParse<AccessMode>(g.Mode, ignoreCase: false, out var mode) || !Enum.IsDefined(mode)) throw new PeerProtocolException($"bad grant mode '{PeerText.Bound(g.Mode, 32)}'");
            if (g.Entries is null || g.Entries.Count == 0 || g.Audience is null || g.Audience.Count > MaxAudience) throw new PeerProtocolException("grant without entries or audience");
            total += g.Entries.Count;
            if (total > MaxEntries) throw new PeerProtocolException("manifest has too many entries");
            var audience = new List<PlayerId>();
            foreach (var a in g.Audience)
            {
                if (!PlayerId.TryParse(a, out var member)) throw new PeerProtocolException("bad audience id");
                audience.Add(member);
            }
            var rootPath = g.Entries[0]?.Path;
            if (rootPath is null || !SharePath.IsValidSegment(rootPath) || !roots.Add(rootPath)) throw new PeerProtocolException("bad grant root");
            var paths = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<ReceivedEntry>();
            foreach (var e in g.Entries)
            {
                if (e?.Path is null || !SharePath.IsValidRelative(e.Path) || !paths.Add(e.Path)) throw new PeerProtocolException("bad entry path");
                if (e.Path != rootPath && !e.Path.StartsWith(rootPath + "/", StringComparison.Ordinal)) throw new PeerProtocolException("entry outside its grant");
                if (e.Path != rootPath && !paths.Contains(SharePath.Parent(e.Path))) throw new PeerProtocolException("entry before its folder");
                if (!Blake3Hash.TryParse(e.Id, out var id) || e.Size < 0 || e.Blocks is null) throw new PeerProtocolException("bad entry");
                var blocks = new List<BlockRef>();
                long sum = 0;
                foreach (var b in e.Blocks)
                {
                    if (b is null || !BlockHash.TryParse(b.H, out var hash) || b.S is <= 0 or > Wire.MaxBlockBytes) throw new PeerProtocolException("bad block");
                    blocks.Add(new BlockRef(hash, b.S));
                    sum += b.S;
                }
                if (e.Dir ? blocks.Count != 0 || e.Size != 0 : sum != e.Size) throw new PeerProtocolException("entry size does not match its blocks");
                // The audience belongs to the grant: kept on its root entry only, so a long list is stored once, not once per entry.
                entries.Add(new ReceivedEntry(peer, g.Id, e.Path, e.Dir, e.Size, id, e.ModifiedNs, mode, mode == AccessMode.Timed ? g.ExpiresNs : 0, steward, blocks,
                    e.Path == rootPath ? audience : [], false));
            }
            result.Add(new IncomingGrant(g.Id, mode, entries));
        }
        return result;
    }
}
