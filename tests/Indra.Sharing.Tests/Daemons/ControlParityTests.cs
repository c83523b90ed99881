using System.Security.Cryptography;
using System.Text;
using Indra.Control;
using Indra.Control.Model;
using Indra.Control.Service;
using Indra.Engine.Domain;
using Indra.Tests.Shared;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Every <see cref="IVaultControl"/> operation run twice, the same way: against a vault a daemon serves (through its
/// control socket) and against an unmounted one (opened in this process for each call); the answers, normalized for
/// what differs between two vaults (player, folder ids, times), must be the same, and each is checked for what it
/// must say. The mounted vault is checked through its FUSE mount too: a file written through the API reads back with
/// <c>user.indra.id</c> equal to <c>b3sum</c>'s output, and a copy adds no block.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlParityTests
{
    private static readonly byte[] Big = RandomNumberGenerator.GetBytes(3 << 20);

    [Test]
    public async Task EveryOperation_AnswersTheSameMountedAndUnmounted()
    {
        using var mounted = new DaemonVault(DaemonTrio.Root, "ctl-mounted-" + Guid.NewGuid().ToString("N")[..6]);
        using var unmounted = new DaemonVault(DaemonTrio.Root, "ctl-unmounted-" + Guid.NewGuid().ToString("N")[..6], mount: false);
        var (mountedInvite, unmountedInvite) = (mounted.Invite, unmounted.Invite);

        await using var daemon = await VaultControl.ConnectAsync(mounted.VaultDirectory);
        await using var local = await VaultControl.ConnectAsync(unmounted.VaultDirectory);
        Assert.That(daemon, Is.InstanceOf<DaemonVaultControl>(), "a daemon serves the mounted vault");
        Assert.That(local, Is.InstanceOf<InProcessVaultControl>(), "nobody serves the unmounted vault");

        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var onDaemon = await RunAsync(daemon, unmounted.Name, unmountedInvite, started, mounted: true);
        var inProcess = await RunAsync(local, mounted.Name, mountedInvite, started, mounted: false);
        Assert.That(onDaemon, Has.Count.EqualTo(inProcess.Count));
        for (var i = 0; i < onDaemon.Count; i++) Assert.That(onDaemon[i], Is.EqualTo(inProcess[i]), $"step {i}");

        // Through the mount: the API's write is what the kernel reads, and its id is the BLAKE3 of the bytes.
        var big = Path.Combine(mounted.Vault, "docs", "big.bin");
        Assert.That(File.ReadAllBytes(big), Is.EqualTo(Big));
        var id = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", big]).Ok().Stdout.Trim('\0', '\n');
        var b3sum = Shell.Run("b3sum", ["--no-names", big]).Ok().Stdout.Trim();
        Assert.That(id, Is.EqualTo(b3sum));
        Assert.That(File.ReadAllText(Path.Combine(mounted.Vault, "docs", "renamed.txt")), Is.EqualTo("first line\nsecond line\n"));
        var treeType = Shell.Run("getfattr", ["--only-values", "-n", "user.indra.tree_type", Path.Combine(mounted.Vault, "shelf")]).Ok().Stdout.Trim('\0', '\n');
        Assert.That(treeType, Is.EqualTo("Gallery"), "the mount shows the TreeType the API set");

        Assert.That(await local.UnmountAsync().ContinueWith(t => Kind(t.Exception)), Is.EqualTo(ControlErrorKind.NotMounted));
        await daemon.UnmountAsync();
        Assert.That(mounted.IsMounted, Is.False, "the daemon unmounted at the API's request");
        Assert.That(await VaultControl.IsServedAsync(mounted.VaultDirectory), Is.False, "its control socket is gone");
    }

    /// <summary>The same requests against <paramref name="control"/>; returns one normalized line per answer.</summary>
    private static async Task<List<string>> RunAsync(IVaultControl control, string peer, string peerInvite, DateTimeOffset started, bool mounted)
    {
        var log = new List<string>();
        var status = await control.GetStatusAsync();
        Assert.That(status.Mounted, Is.EqualTo(mounted));
        Assert.That(status.ControlVersion, Is.EqualTo(ControlLimits.Version));
        Assert.That(status.Sharing, Is.EqualTo(mounted ? "on" : "off: not mounted"));
        log.Add($"status trees={status.Trees} leaves={status.Leaves}");

        log.Add(Show(await control.MakeDirectoryAsync("docs")));
        log.Add(await Error(() => control.MakeDirectoryAsync("docs"), ControlErrorKind.AlreadyExists));
        log.Add(await Error(() => control.MakeDirectoryAsync("missing/child"), ControlErrorKind.NotFound));

        var written = await control.WriteAsync("docs/note.txt", Text("first line\n"), WriteMode.Replace);
        Assert.That(written.Id, Is.EqualTo(Convert.ToHexStringLower(Indra.Hashing.Blake3.Hash("first line\n"u8).ToArray())));
        log.Add(Show(written));
        var appended = await control.WriteAsync("docs/note.txt", Text("second line\n"), WriteMode.Append);
        Assert.That(appended.Size, Is.EqualTo(23));
        log.Add(Show(appended));
        Assert.That(Encoding.UTF8.GetString(await control.ReadAsync("docs/note.txt", 0, 100)), Is.EqualTo("first line\nsecond line\n"));
        Assert.That(Encoding.UTF8.GetString(await control.ReadAsync("docs/note.txt", 6, 4)), Is.EqualTo("line"));
        log.Add(await Error(() => control.ReadAsync("docs", 0, 10), ControlErrorKind.InvalidArgument));
        log.Add(await Error(() => control.ReadAsync("docs/note.txt", 0, ControlLimits.MaxChunkBytes + 1), ControlErrorKind.InvalidArgument));
        log.Add(await Error(() => control.StatAsync("docs/none.txt"), ControlErrorKind.NotFound));
        log.Add(await Error(() => control.WriteAsync("peers/x/y.txt", Text("no"), WriteMode.Replace), ControlErrorKind.ReadOnly));
        log.Add(await Error(() => control.MakeDirectoryAsync("realms/r"), ControlErrorKind.ReadOnly));
        log.Add(await Error(() => control.StatAsync("docs/../etc"), ControlErrorKind.InvalidArgument));

        // A folder's TreeType, set as setfattr of user.indra.tree_type does on the mount.
        var shelf = await control.MakeDirectoryAsync("shelf");
        Assert.That(shelf.TreeType, Is.Not.EqualTo(TreeType.Gallery));
        var typed = await control.SetTreeTypeAsync("shelf", TreeType.Gallery);
        Assert.That(typed.TreeType, Is.EqualTo(TreeType.Gallery));
        Assert.That((await control.StatAsync("shelf")).TreeType, Is.EqualTo(TreeType.Gallery), "the change stays");
        log.Add(Show(typed));
        log.Add(await Error(() => control.SetTreeTypeAsync("docs/note.txt", TreeType.Gallery), ControlErrorKind.InvalidArgument));
        log.Add(await Error(() => control.SetTreeTypeAsync("none", TreeType.Gallery), ControlErrorKind.NotFound));
        log.Add(await Error(() => control.SetTreeTypeAsync("peers/x", TreeType.Gallery), ControlErrorKind.ReadOnly));
        log.Add(await Error(() => control.SetTreeTypeAsync("shelf", (TreeType)99), ControlErrorKind.InvalidArgument));

        // Copy by reference: the copy names the same content and no block is stored for it.
        var big = await control.WriteAsync("docs/big.bin", new MemoryStream(Big), WriteMode.Replace);
        log.Add(Show(big));
        var blocksBefore = (await control.GetStatusAsync()).Blocks;
        var copy = await control.CopyAsync("docs/big.bin", "docs/big-copy.bin", recursive: false);
        Assert.That(copy.Id, Is.EqualTo(big.Id));
        Assert.That((await control.GetStatusAsync()).Blocks, Is.EqualTo(blocksBefore), "a copy adds no block");
        log.Add(Show(copy));
        log.Add(await Error(() => control.CopyAsync("docs", "docs-copy", recursive: false), ControlErrorKind.InvalidArgument));
        log.Add(await Error(() => control.CopyAsync("docs", "docs/inner", recursive: true), ControlErrorKind.InvalidArgument));
        var folderCopy = await control.CopyAsync("docs", "docs-copy", recursive: true);
        log.Add(Show(folderCopy));
        Assert.That((await control.ListAsync("docs-copy")).Select(i => i.Name), Is.EquivalentTo(new[] { "note.txt", "big.bin", "big-copy.bin" }));
        Assert.That((await control.GetStatusAsync()).Blocks, Is.EqualTo(blocksBefore), "a folder copy adds no block");

        log.Add(Show(await control.RenameAsync("docs/note.txt", "docs/renamed.txt", replace: false)));
        log.Add(await Error(() => control.RenameAsync("docs/big-copy.bin", "docs/big.bin", replace: false), ControlErrorKind.AlreadyExists));
        log.Add(await Error(() => control.StatAsync("docs/note.txt"), ControlErrorKind.NotFound));
        log.AddRange((await control.ListAsync("docs")).Select(Show));
        log.AddRange((await control.ListAsync("")).Select(Show));

        log.Add(await Error(() => control.RemoveAsync("docs-copy", recursive: false), ControlErrorKind.NotEmpty));
        await control.RemoveAsync("docs-copy", recursive: true);
        log.Add(await Error(() => control.StatAsync("docs-copy"), ControlErrorKind.NotFound));
        log.Add(await Error(() => control.RemoveAsync("", recursive: true), ControlErrorKind.InvalidArgument));

        // Heat and attention: reads are opens, recorded as the mount records them.
        await control.WriteAsync("docs/hot.txt", Text("hot"), WriteMode.Replace);
        await control.WriteAsync("docs/cold.txt", Text("cold"), WriteMode.Replace);
        for (var i = 0; i < 5; i++) await control.ReadAsync("docs/hot.txt", 0, 10);
        await control.ReadAsync("docs/cold.txt", 0, 10);
        var heat = (await control.GetHeatAsync("docs", 100)).Select(h => h.Path).ToList();
        Assert.That(heat.IndexOf("docs/hot.txt"), Is.GreaterThanOrEqualTo(0).And.LessThan(heat.IndexOf("docs/cold.txt")), string.Join(", ", heat));
        Assert.That((await control.GetHeatAsync("docs", 100)).Single(h => h.Path == "docs/hot.txt").LastAccess, Is.Not.Null);
        log.Add("heat " + string.Join(",", heat.Where(p => p is "docs/hot.txt" or "docs/cold.txt")));
        var attention = await control.GetAttentionAsync("docs/hot.txt", started, 100);
        Assert.That(attention.Count(a => a.Kind == Indra.Engine.Attention.AttentionKind.NavigateTo), Is.GreaterThanOrEqualTo(5));
        Assert.That(attention.All(a => a.Path == "docs/hot.txt" && a.At >= started), Is.True);
        Assert.That(attention.Select(a => a.At), Is.Ordered.Descending);
        Assert.That(await control.GetAttentionAsync(null, started, 3), Has.Count.EqualTo(3));
        log.Add(await Error(() => control.GetHeatAsync(null, ControlLimits.MaxListItems + 1), ControlErrorKind.InvalidArgument));

        // Peers, grants and realms.
        var invite = await control.CreateInviteAsync();
        Assert.That(invite, Does.StartWith("indra:" + status.Player + "@"));
        var paired = await control.AddPeerAsync("friend", peerInvite, autoAccept: true);
        log.Add($"peer {paired.Name} {paired.AutoAccept} {paired.QuotaBytes} {paired.QuotaEntries}");
        var stranger = "indra:" + new string('7', 64) + "@127.0.0.1:9";
        log.Add(await Error(() => control.AddPeerAsync("friend", stranger, autoAccept: false), ControlErrorKind.AlreadyExists));
        Assert.That((await control.AddPeerAsync("friend", peerInvite, autoAccept: true)).Player, Is.EqualTo(paired.Player), "the same player again updates its pairing");
        log.Add(await Error(() => control.AddPeerAsync("self", invite, autoAccept: false), ControlErrorKind.InvalidArgument));
        log.Add(await Error(() => control.AddPeerAsync("other", "not an invite", autoAccept: false), ControlErrorKind.InvalidArgument));
        Assert.That((await control.GetPeersAsync()).Select(p => p.Name), Is.EqualTo(new[] { "friend" }));

        var grant = await control.ShareAsync("docs/renamed.txt", "friend", AccessMode.Revocable, null);
        Assert.That(grant.Id, Has.Length.EqualTo(32));
        log.Add(Show(grant));
        log.Add(await Error(() => control.ShareAsync("docs/none.txt", "friend", AccessMode.Revocable, null), ControlErrorKind.NotFound));
        log.Add(await Error(() => control.ShareAsync("docs/renamed.txt", "nobody", AccessMode.Revocable, null), ControlErrorKind.NotFound));
        log.Add(await Error(() => control.ShareAsync("docs/renamed.txt", "friend", AccessMode.Timed, null), ControlErrorKind.InvalidArgument));
        log.Add(await Error(() => control.ShareAsync("peers/friend", "friend", AccessMode.Revocable, null), ControlErrorKind.ReadOnly));
        Assert.That((await control.GetGrantsAsync()).Single(g => g.Id == grant.Id).Active, Is.True);
        Assert.That(await control.RecallAsync("docs/renamed.txt", "friend"), Is.EqualTo(1));
        log.Add(Show((await control.GetGrantsAsync()).Single(g => g.Id == grant.Id)));
        log.Add(await Error(() => control.RecallAsync("docs/renamed.txt", "friend"), ControlErrorKind.NotFound));
        var permanent = await control.ShareAsync("docs/hot.txt", "friend", AccessMode.Permanent, null);
        log.Add(Show(permanent));
        Assert.That(await control.RecallAsync("docs/hot.txt", "friend"), Is.EqualTo(1), "a permanent grant is recalled too (the peer keeps its copy)");
        log.Add(Show((await control.GetGrantsAsync()).Single(g => g.Id == permanent.Id)));

        var realm = await control.CreateRealmAsync("team", ["friend"]);
        Assert.That(realm.Members, Is.EqualTo(new[] { "friend" }));
        log.Add(await Error(() => control.CreateRealmAsync("team", ["friend"]), ControlErrorKind.AlreadyExists));
        log.Add(await Error(() => control.CreateRealmAsync("crew", ["nobody"]), ControlErrorKind.NotFound));
        log.AddRange((await control.GetRealmsAsync()).Select(r => $"realm {r.Name} {string.Join(",", r.Members)}"));

        // Maintenance runs on an unmounted vault only; the daemon says why not.
        if (mounted)
        {
            log.Add(await Error(() => control.CheckAsync(repair: false, null), ControlErrorKind.Busy));
            log.Add(await Error(() => control.CollectGarbageAsync(null), ControlErrorKind.Busy));
        }
        else
        {
            var steps = new List<MaintenanceProgress>();
            var report = await control.CheckAsync(repair: false, new SynchronousProgress(steps));
            Assert.That(report.Clean, Is.True, string.Join("; ", report.Problems.Select(p => p.Description)));
            Assert.That(report.Checked, Is.GreaterThan(0));
            Assert.That(steps.Select(s => s.Phase), Does.Contain("start").And.Contain("done"), "a check reports progress");
            Assert.That(steps[^1], Is.EqualTo(new MaintenanceProgress("done", report.Checked, report.Checked)));
            Assert.That((await control.CollectGarbageAsync(null)).BlocksRemoved, Is.Zero, "a copy and its source share every block: none is garbage");
            log.Add("error Busy");
            log.Add("error Busy");
        }
        var after = await control.GetStatusAsync();
        log.Add($"status trees={after.Trees} leaves={after.Leaves} peers={after.PeersPaired}");
        return log;
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>An item without what differs between two vaults: folder ids (random), times, the steward, heat.</summary>
    private static string Show(VaultItem i) =>
        $"item {i.Path}|{i.Name}|{i.Kind}|{(i.IsDirectory ? "" : i.Size.ToString(System.Globalization.CultureInfo.InvariantCulture))}|{i.Mode}|{i.LeafType}|{i.TreeType}|{i.ReadOnly}|{(i.IsDirectory ? "" : i.Id)}|{i.Steward.Length}";

    private static string Show(GrantItem g) => $"grant {g.Path}|{g.Peer}|{g.Mode}|{g.State}|{g.Active}|{g.GrantedPath}|{g.Until}";

    private static async Task<string> Error(Func<Task> request, ControlErrorKind expected)
    {
        var e = Assert.ThrowsAsync<VaultControlException>(async () => await request());
        Assert.That(e!.Kind, Is.EqualTo(expected), e.Message);
        Assert.That(e.Message, Does.Not.Contain("\n"), "one line");
        return "error " + e.Kind;
    }

    private static ControlErrorKind? Kind(AggregateException? e) => (e?.InnerException as VaultControlException)?.Kind;

    /// <summary>Collects progress on the reporting thread (<see cref="Progress{T}"/> would post it elsewhere).</summary>
    private sealed class SynchronousProgress(List<MaintenanceProgress> steps) : IProgress<MaintenanceProgress>
    {
        public void Report(MaintenanceProgress value)
        {
            lock (steps) steps.Add(value);
        }
    }
}
