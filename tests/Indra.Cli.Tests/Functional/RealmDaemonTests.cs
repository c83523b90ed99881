using Indra.Cli.Tests.Support;

namespace Indra.Cli.Tests.Functional;

/// <summary>
/// A realm of three vault daemons, each with its own mount: /realms/R shows only what every member can access, under
/// the steward's folder (/realms/R/PEER/..., /realms/R/me/... for one's own).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RealmDaemonTests
{
    [Test]
    public void ARealmOfThreeShowsOnlyWhatAllMembersCanAccess()
    {
        var names = new[] { "ann", "ben", "cat" };
        var vaults = new Dictionary<string, MountedVault>();
        try
        {
            foreach (var name in names)
            {
                vaults[name] = new MountedVault(beforeMount: Loopback.ListenOnFreePort);
            }
            var invites = names.ToDictionary(n => n, n => IndraCli.Run("peer", "invite", "--vault", vaults[n].VaultDirectory).Ok().Stdout.Trim());
            foreach (var me in names)
            {
                foreach (var other in names.Where(o => o != me)) IndraCli.Run("peer", "add", other, invites[other], "--auto-accept", "--vault", vaults[me].VaultDirectory).Ok();
                IndraCli.Run("realm", "create", "team", "--members", string.Join(',', names.Where(o => o != me)), "--vault", vaults[me].VaultDirectory).Ok();
            }
            File.WriteAllText(Path.Combine(vaults["ann"].Vault, "plan.md"), "the team plan");
            File.WriteAllText(Path.Combine(vaults["ann"].Vault, "for-ben.md"), "only ben");
            IndraCli.Run("share", "plan.md", "--with", "ben", "--mode", "revocable", "--vault", vaults["ann"].VaultDirectory).Ok();
            IndraCli.Run("share", "plan.md", "--with", "cat", "--mode", "revocable", "--vault", vaults["ann"].VaultDirectory).Ok();
            IndraCli.Run("share", "for-ben.md", "--with", "ben", "--mode", "revocable", "--vault", vaults["ann"].VaultDirectory).Ok();

            foreach (var name in names)
            {
                // Each artifact shows under its steward's folder: ann's peer name, or "me" in ann's own view.
                var realm = Path.Combine(vaults[name].MountPoint, "realms", "team", name == "ann" ? "me" : "ann");
                Eventually.WaitFor(() => File.Exists(Path.Combine(realm, "plan.md")), $"{name}'s realm to show plan.md");
                Assert.That(File.ReadAllText(Path.Combine(realm, "plan.md")), Is.EqualTo("the team plan"), name);
                Assert.That(File.Exists(Path.Combine(realm, "for-ben.md")), Is.False, $"{name}: cat cannot read for-ben.md, so the realm does not show it");
                Assert.That(Posix.Touch(Path.Combine(realm, "new.txt")), Is.EqualTo(Posix.EACCES));
            }
            Eventually.WaitFor(() => File.Exists(Path.Combine(vaults["ben"].MountPoint, "peers", "ann", "for-ben.md")), "ben's own grant to show under peers/ann");
        }
        finally
        {
            foreach (var vault in vaults.Values) vault.Dispose();
        }
    }


}
