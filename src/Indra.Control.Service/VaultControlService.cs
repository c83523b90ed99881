using Indra.Control.Model;
using Indra.Control.Service.Items;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem;

namespace Indra.Control.Service;

/// <summary>
/// The control API over one open vault and its filesystem: every path operation goes through
/// <see cref="IVaultFileSystem"/> by inode, as a FUSE request would (so writes are staged and committed as on the
/// mount, opens and listings record attention, and the kernel's caches are told of every change through the
/// filesystem's invalidation path); grants, peers and realms go through the running <see cref="Sharing.SharingService"/>
/// when the daemon shares (they take effect at once) and through the sharing database otherwise. Inside the daemon it
/// serves the live mount; <see cref="InProcessVaultControl"/> runs one over a vault it opens for the call. Thread-safe
/// as the filesystem is.
/// </summary>
public sealed partial class VaultControlService : IVaultControl
{
    private const int ChunkBytes = 1 << 20;

    private readonly Vault _vault;
    private readonly IVaultFileSystem _fs;
    private readonly string _directory;
    private readonly MountContext? _mount;

    /// <summary>Serves <paramref name="vault"/> through <paramref name="fileSystem"/>.</summary>
    /// <param name="vault">The open vault (on disk).</param>
    /// <param name="fileSystem">Its filesystem: the mounted one inside the daemon.</param>
    /// <param name="mount">The daemon's facts, or null for an unmounted vault opened in process.</param>
    public VaultControlService(Vault vault, IVaultFileSystem fileSystem, MountContext? mount)
    {
        _vault = vault;
        _fs = fileSystem;
        _directory = vault.Directory ?? throw new ArgumentException("the control API serves a vault on disk", nameof(vault));
        _mount = mount;
    }

    /// <summary>Who the filesystem sees asking: the control request's caller inside the daemon (its SO_PEERCRED), else this process.</summary>
    private static CallerContext Caller => ControlCaller.Current ?? CallerContext.Self;

    /// <inheritdoc/>
    public Task<VaultStatus> GetStatusAsync(CancellationToken cancellation = default)
    {
        var (leaves, trees) = _vault.Tree.CountNodes();
        var (blocks, bytes) = _vault.Tree.BlockTotals();
        _vault.Attention.Flush();
        long attention;
        using (var reader = VaultReader.Open(_directory))
        {
            attention = reader.CountAttentionSince(_vault.ClockNs() - 3600L * 1_000_000_000);
        }
        var (paired, connected) = Indra.Sharing.SharingAdmin.PeerSummary(_directory);
        var sharing = _mount is null ? "off: not mounted"
            : _mount.Sharing is not null ? "on"
            : "off: " + (Indra.Sharing.SharingOff.Reason(_directory) ?? "not started");
        return Task.FromResult(new VaultStatus(_directory, _mount is not null, _mount?.MountPoint, _mount?.Pid, _vault.Player.ToString(),
            leaves, trees, blocks, bytes, paired, connected, sharing, attention, ControlLimits.Version));
    }

    /// <inheritdoc/>
    public Task<VaultItem> StatAsync(string path, CancellationToken cancellation = default)
    {
        var target = ControlPath.Parse(path);
        using var scope = new LookupScope(_fs);
        var (inode, attributes) = scope.Resolve(target);
        return Task.FromResult(ItemReader.Read(_fs, target, inode, attributes));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<VaultItem>> ListAsync(string path, CancellationToken cancellation = default)
    {
        var folder = ControlPath.Parse(path);
        using var scope = new LookupScope(_fs);
        var (inode, attributes) = scope.Resolve(folder);
        if (attributes.Kind != NodeKind.Directory) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"/{folder.Text} is not a folder");
        var items = new List<VaultItem>();
        foreach (var (name, entry) in Entries(folder, inode, scope, cancellation)) items.Add(ItemReader.Read(_fs, folder.Child(name), entry.Inode, entry));
        return Task.FromResult<IReadOnlyList<VaultItem>>(items);
    }

    /// <inheritdoc/>
    public Task<byte[]> ReadAsync(string path, long offset, int count, CancellationToken cancellation = default)
    {
        var file = ControlPath.Parse(path);
        if (offset < 0) throw new VaultControlException(ControlErrorKind.InvalidArgument, "the offset is negative");
        if (count is < 0 or > ControlLimits.MaxChunkBytes) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"a read is 0 to {ControlLimits.MaxChunkBytes} bytes");
        using var scope = new LookupScope(_fs);
        var (inode, attributes) = scope.Resolve(file);
        if (attributes.Kind == NodeKind.Directory) throw new VaultControlException(ControlErrorKind.InvalidArgument, $"/{file.Text} is a folder");
        ErrnoKinds.Check(_fs.Open(inode, OpenFlags.ReadOnly, Caller, out var open), file, "open");
        try
        {
            var buffer = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                ErrnoKinds.Check(_fs.Read(inode, open.Handle, offset + filled, buffer.AsSpan(filled), out var read), file, "read");
                if (read == 0) break;
                filled += read;
            }
            return Task.FromResult(filled == count ? buffer : buffer[..filled]);
        }
        finally
        {
            _fs.Release(inode, open.Handle);
        }
    }

    /// <summary>
    /// The entries of folder <paramref name="inode"/> (not "." or ".."), each with a lookup reference held by
    /// <paramref name="scope"/> (readdirplus), in the folder's order.
    /// </summary>
    private List<(string Name, NodeAttributes Attributes)> Entries(ControlPath folder, ulong inode, LookupScope scope, CancellationToken cancellation)
    {
        ErrnoKinds.Check(_fs.OpenDirectory(inode, Caller, out var handle), folder, "list");
        var entries = new List<(string, NodeAttributes)>();
        try
        {
            long cookie = 0;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var before = entries.Count;
                var last = cookie;
                ErrnoKinds.Check(_fs.ReadDirectory(inode, handle, cookie, plus: true, (in DirectoryEntry entry) =>
                {
                    if (entries.Count - before >= 512) return false;
                    last = entry.NextCookie;
                    if (entry.Name is "." or "..") return true;
                    scope.Took(entry.Attributes.Inode);
                    entries.Add((entry.Name, entry.Attributes));
                    return true;
                }), folder, "list");
                if (last == cookie) break;
                cookie = last;
            }
        }
        finally
        {
            _fs.ReleaseDirectory(inode, handle);
        }
        return entries;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
