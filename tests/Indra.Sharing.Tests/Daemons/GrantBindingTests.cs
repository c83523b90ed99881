namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Grants are bound to the vault node they were given on, through real daemons: a path reused after the granted node
/// is deleted shares nothing (the transfer grant-back leak with three vaults, and a re-created file), and a rename keeps
/// the grant with the node.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GrantBindingTests
{
    [Test]
    public void ATransferredItemDeletedByItsRecipient_DoesNotShareTheNextItemSavedAtItsPath()
    {
        var (alice, bob, carol) = (DaemonTrio.Alice, DaemonTrio.Bob, DaemonTrio.Carol);
        var name = $"reused-{Guid.NewGuid():N}"[..20] + ".txt";
        var inbox = Path.Combine(bob.Vault, "inbox", name);

        File.WriteAllText(Path.Combine(alice.Vault, name), "alice's deed\n");
        alice.Cli("share", name, "--with", "bob", "--mode", "transfer").Ok();
        Wait.Until(() => File.Exists(inbox), "alice's transfer to land in bob's inbox");
        var alicesView = Path.Combine(alice.PeerView("bob"), name);
        Wait.Until(() => File.Exists(alicesView), "bob's read grant back to alice");
        Assert.That(File.ReadAllText(alicesView), Is.EqualTo("alice's deed\n"));

        File.Delete(inbox);
        Wait.Until(() => !File.Exists(alicesView), "the deleted item to leave alice's view");

        File.WriteAllText(Path.Combine(carol.Vault, name), "carol's secret\n");
        carol.Cli("share", name, "--with", "bob", "--mode", "transfer").Ok();
        Wait.Until(() => File.Exists(inbox) && File.ReadAllText(inbox) == "carol's secret\n", "carol's transfer to land at the same path in bob's inbox");
        Wait.Until(() => File.Exists(Path.Combine(carol.PeerView("bob"), name)), "bob's read grant back to carol");

        PeerRounds.Wait(alice, "bob");
        Assert.That(File.Exists(alicesView), Is.False, "alice's grant-back ended with the item she gave; carol's item at that path is not hers to see");
        Assert.That(Directory.EnumerateFiles(alice.PeerView("bob"), "*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains("carol's secret", StringComparison.Ordinal)),
            Is.Empty, "carol's content shows nowhere in alice's view of bob");

        File.Delete(inbox);
        Wait.Until(() => !File.Exists(Path.Combine(carol.PeerView("bob"), name)), "the clean-up to reach carol");
    }

    [Test]
    public void AGrantedFileDeletedAndSavedAgainAtItsPath_IsNotShared()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var folder = $"recreate-{Guid.NewGuid():N}"[..18];
        var file = Path.Combine(alice.Vault, folder, "doc.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "the shared version\n");
        alice.Cli("share", $"{folder}/doc.txt", "--with", "bob").Ok();
        var seen = Path.Combine(bob.PeerView("alice"), "doc.txt");
        Wait.Until(() => File.Exists(seen), "doc.txt under bob's /peers/alice");
        Assert.That(File.ReadAllText(seen), Is.EqualTo("the shared version\n"));

        File.Delete(file);
        Wait.Until(() => !File.Exists(seen), "the deletion to reach bob");
        File.WriteAllText(file, "a new private file at the same path\n");

        PeerRounds.Wait(bob, "alice");
        Assert.That(File.Exists(seen), Is.False, "the grant ended with the deleted file: the new one at its path is not shared");
        var listing = alice.Cli("grants", "--all").Ok().Stdout;
        Assert.That(listing.Split('\n').Where(l => l.Contains($"/vault/{folder}/doc.txt\tbob", StringComparison.Ordinal)).ToList(),
            Has.Count.EqualTo(1).And.All.Contains("\tended\t"), listing);
        Directory.Delete(Path.Combine(alice.Vault, folder), recursive: true);
    }

    [Test]
    public void ARenamedFile_KeepsItsGrant_UnderItsNewName()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var folder = $"rename-{Guid.NewGuid():N}"[..16];
        var before = Path.Combine(alice.Vault, folder, "draft.txt");
        Directory.CreateDirectory(Path.Combine(alice.Vault, folder, "final"));
        File.WriteAllText(before, "draft one\n");
        alice.Cli("share", $"{folder}/draft.txt", "--with", "bob").Ok();
        var seenBefore = Path.Combine(bob.PeerView("alice"), "draft.txt");
        Wait.Until(() => File.Exists(seenBefore), "draft.txt under bob's /peers/alice");

        var after = Path.Combine(alice.Vault, folder, "final", "report.txt");
        File.Move(before, after);
        var seenAfter = Path.Combine(bob.PeerView("alice"), "report.txt");
        Wait.Until(() => File.Exists(seenAfter) && !File.Exists(seenBefore), "the rename to reach bob as report.txt");
        Assert.That(File.ReadAllText(seenAfter), Is.EqualTo("draft one\n"));

        File.WriteAllText(after, "the final report\n");
        Wait.Until(() => File.Exists(seenAfter) && File.ReadAllText(seenAfter) == "the final report\n", "an edit after the rename to reach bob");
        Assert.That(alice.Cli("grants").Ok().Stdout, Does.Contain($"/vault/{folder}/final/report.txt\tbob\tRevocable\tactive"));

        alice.Cli("recall", $"{folder}/final/report.txt", "--from", "bob").Ok();
        Wait.Until(() => !File.Exists(seenAfter), "the recall at the new path to reach bob");
        Directory.Delete(Path.Combine(alice.Vault, folder), recursive: true);
    }

    [Test]
    public void AnAtomicSave_ARenameOverTheGrantedFile_KeepsItShared_WhileADeletedOneStaysUnshared()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        var folder = $"save-{Guid.NewGuid():N}"[..14];
        var notes = Path.Combine(alice.Vault, folder, "notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(notes)!);
        File.WriteAllText(notes, "first version\n");
        alice.Cli("share", $"{folder}/notes.txt", "--with", "bob").Ok();
        var seen = Path.Combine(bob.PeerView("alice"), "notes.txt");
        Wait.Until(() => File.Exists(seen) && File.ReadAllText(seen) == "first version\n", "notes.txt under bob's /peers/alice");

        // As an editor saves: a new file beside it, renamed over it (a new node takes the old one's last name).
        for (var round = 2; round <= 3; round++)
        {
            var temporary = Path.Combine(alice.Vault, folder, $".notes.txt.swp{round}");
            File.WriteAllText(temporary, $"version {round}, saved by rename\n");
            File.Move(temporary, notes, overwrite: true);
            var expected = $"version {round}, saved by rename\n";
            Wait.Until(() => File.Exists(seen) && File.ReadAllText(seen) == expected, $"save {round} to reach bob");
        }
        Assert.That(alice.Cli("grants").Ok().Stdout, Does.Contain($"/vault/{folder}/notes.txt\tbob\tRevocable\tactive"));

        // Deleting it still ends the grant: a file saved later at the freed path is not shared.
        File.Delete(notes);
        Wait.Until(() => !File.Exists(seen), "the deletion to reach bob");
        File.WriteAllText(notes, "a new file at the old path\n");
        var other = Path.Combine(alice.Vault, folder, "marker.txt");
        File.WriteAllText(other, "marker\n");
        alice.Cli("share", $"{folder}/marker.txt", "--with", "bob").Ok();
        Wait.Until(() => File.Exists(Path.Combine(bob.PeerView("alice"), "marker.txt")), "a later share to reach bob (a sync round passed)");
        Assert.That(File.Exists(seen), Is.False, "the file saved at the freed path is not shared");

        alice.Cli("recall", $"{folder}/marker.txt", "--from", "bob").Ok();
        Wait.Until(() => !File.Exists(Path.Combine(bob.PeerView("alice"), "marker.txt")), "the recall to reach bob");
        Directory.Delete(Path.Combine(alice.Vault, folder), recursive: true);
    }
}
