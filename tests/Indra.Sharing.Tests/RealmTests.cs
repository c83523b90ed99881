using System.Text;
using Indra.Engine.Domain;
using Indra.FileSystem;

namespace Indra.Sharing.Tests;

/// <summary>
/// A realm of three vaults, all pairwise paired: /realms/R shows only what every member can access, each artifact under
/// its steward's folder (the member's peer name, or "me" for our own).
/// </summary>
[TestFixture]
public sealed class RealmTests
{
    [Test]
    public void RealmOfThree_ShowsOnlyWhatAllMembersCanAccess()
    {
        var root = Path.Combine(Path.GetTempPath(), "indra-sharing-realm-" + Guid.NewGuid().ToString("N"));
        var names = new[] { "ann", "ben", "cat" };
        var nodes = names.ToDictionary(n => n, n => SharingNode.Create(root, n, blockSize: 4096));
        try
        {
            foreach (var a in names)
            {
                foreach (var b in names.Where(b => b != a)) nodes[a].Sharing.AddPeer(b, nodes[b].Sharing.Invite, autoAccept: true);
            }
            foreach (var n in names) nodes[n].Sharing.CreateRealm("team", names.Where(m => m != n).ToList());

            nodes["ann"].Write("plan.md", Encoding.UTF8.GetBytes("the team plan"));
            nodes["ann"].Sharing.Share("plan.md", "ben", AccessMode.Revocable);
            nodes["ann"].Sharing.Share("plan.md", "cat", AccessMode.Permanent);
            nodes["ann"].Write("for-ben.md", Encoding.UTF8.GetBytes("only ben"));
            nodes["ann"].Sharing.Share("for-ben.md", "ben", AccessMode.Revocable);
            nodes["ben"].Write("designs/sketch.txt", Encoding.UTF8.GetBytes("a sketch"));
            nodes["ben"].Sharing.Share("designs", "ann", AccessMode.Revocable);
            nodes["ben"].Sharing.Share("designs", "cat", AccessMode.Revocable);

            foreach (var n in names)
            {
                var views = nodes[n].Sharing;
                var (ann, ben) = (Steward(n, "ann"), Steward(n, "ben"));
                Wait.Until(() => Items(views).Count == 2, $"{n}'s realm view to hold plan.md and designs");
                Assert.That(views.Names(ShareScope.Realm), Is.EqualTo(new[] { "team" }));
                Assert.That(Items(views), Is.EquivalentTo(new[] { ann + "/plan.md", ben + "/designs" }), n);
                Assert.That(Encoding.UTF8.GetString(SharedFileReads.ReadAll(views, ShareScope.Realm, "team", ann + "/plan.md")!), Is.EqualTo("the team plan"), n);
                Assert.That(Encoding.UTF8.GetString(SharedFileReads.ReadAll(views, ShareScope.Realm, "team", ben + "/designs/sketch.txt")!), Is.EqualTo("a sketch"), n);
                Assert.That(views.Get(ShareScope.Realm, "team", ann + "/for-ben.md"), Is.Null, $"{n}: cat cannot access for-ben.md, so the realm does not show it");
            }
            Wait.Until(() => nodes["ben"].Sharing.Get(ShareScope.Peer, "ann", "for-ben.md") is not null, "ben's peer view to show for-ben.md");

            // Taking cat's access away removes the folder from everyone's realm view.
            nodes["ben"].Sharing.Recall("designs", "cat");
            foreach (var n in names)
            {
                Wait.Until(() => nodes[n].Sharing.Get(ShareScope.Realm, "team", Steward(n, "ben") + "/designs") is null, $"{n}'s realm view to drop designs");
            }
        }
        finally
        {
            foreach (var node in nodes.Values) node.Dispose();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The folder of <paramref name="steward"/>'s artifacts in <paramref name="viewer"/>'s realm view.</summary>
    private static string Steward(string viewer, string steward) => viewer == steward ? "me" : steward;

    /// <summary>Every artifact of realm "team" as STEWARD/NAME.</summary>
    internal static List<string> Items(ISharedViews views, string realm = "team") =>
        views.List(ShareScope.Realm, realm, "").SelectMany(folder => views.List(ShareScope.Realm, realm, folder.Name).Select(e => folder.Name + "/" + e.Name)).ToList();
}
