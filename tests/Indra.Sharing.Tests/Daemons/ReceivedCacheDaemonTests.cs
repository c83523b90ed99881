using System.Collections.Concurrent;
using Indra.Hashing;
using Indra.Tests.Shared;

namespace Indra.Sharing.Tests.Daemons;

/// <summary>
/// Issue 12, items 5 and 8, from outside with real daemons: what alice received from bob covers nothing a fake peer
/// offers (the block is asked for again, bob's checked id is checked again over the fake's bytes), and bob's reads of a
/// file alice keeps editing never fail, even while another of alice's grants to bob keeps failing.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReceivedCacheDaemonTests
{
    [Test]
    public void AFakePeerIsAskedForABlockAliceHoldsFromBob_AndCannotShowBobsIdOverItsOwnBytes()
    {
        Shell.Require("getfattr", "attr");
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        Wait.Until(() => DaemonTrioTests.PeerState(alice, "bob") == "online", "alice to see bob online");
        var content = Bytes(5000, 1);
        var id = Blake3.Hash(content).ToString();
        var hash = id; // one block: the file's id is its block's hash
        var folder = Path.Combine(bob.Vault, "cache-" + Guid.NewGuid().ToString("N")[..8]);
        var name = Path.GetFileName(folder) + ".bin";
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), content);
        bob.Cli("share", Path.GetFileName(folder) + "/" + name, "--with", "alice").Ok();
        FakePeer? fake = null;
        try
        {
            var fromBob = Path.Combine(alice.PeerView("bob"), name);
            Wait.Until(() => File.Exists(fromBob) && File.ReadAllBytes(fromBob).AsSpan().SequenceEqual(content), "bob's file to reach alice");
            Assert.That(Shell.Run("getfattr", ["--only-values", "-n", "user.indra.id", fromBob]).Ok().Stdout.Trim(), Is.EqualTo(id));
            Assert.That(File.Exists(Path.Combine(alice.VaultDirectory, "sharing", "blocks", bob.PlayerId, hash[..2], hash)), Is.True, "alice keeps it under bob");

            fake = new FakePeer(alice.PlayerId);
            fake.Serve([FakePeer.Grant("copy.bin", id, [(hash, content.Length)], alice.PlayerId)], new Dictionary<string, byte[]> { [hash] = content });
            alice.Cli("peer", "add", "fake", fake.Invite, "--auto-accept").Ok();
            Wait.Until(() => fake.BlockRequests.Contains(hash), "alice to ask the fake for the block she holds from bob", TimeSpan.FromSeconds(30));
            var copy = Path.Combine(alice.PeerView("fake"), "copy.bin");
            Wait.Until(() => File.Exists(copy), "copy.bin under alice's /peers/fake");
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(content));

            // Bob's id over the fake's own bytes: alice checked that id for bob's file, not for this one.
            var forged = Bytes(5000, 2);
            var forgedHash = Blake3.Hash(forged).ToString();
            fake.Serve(
                [FakePeer.Grant("copy.bin", id, [(hash, content.Length)], alice.PlayerId), FakePeer.Grant("forged.bin", id, [(forgedHash, forged.Length)], alice.PlayerId)],
                new Dictionary<string, byte[]> { [hash] = content, [forgedHash] = forged });
            // The forged offer fails (and only it: the peer stays online, copy.bin stays).
            Wait.Until(() => DaemonTrioTests.FailedOffers(alice, "fake").Any(o => o.Name == "forged.bin"), "alice to refuse the fake's forged.bin");
            Assert.That(DaemonTrioTests.FailedOffers(alice, "fake").Single(o => o.Name == "forged.bin").Reason, Does.Contain("forged.bin does not hash to its id " + id));
            Assert.That(File.Exists(Path.Combine(alice.PeerView("fake"), "forged.bin")), Is.False);
            Assert.That(File.ReadAllBytes(fromBob), Is.EqualTo(content), "bob's file is untouched");
        }
        finally
        {
            if (fake is not null)
            {
                alice.Cli("peer", "remove", "fake").Ok();
                fake.Dispose();
            }
            bob.Cli("recall", Path.GetFileName(folder) + "/" + name, "--from", "alice").Ok();
            Directory.Delete(folder, recursive: true);
        }
        Wait.Until(() => !File.Exists(Path.Combine(alice.PeerView("bob"), name)), "the recall to reach alice");
    }

    [Test]
    public void BobNeverReadsEioWhileAliceEditsASharedFileAndAnotherGrantKeepsFailing()
    {
        var (alice, bob) = (DaemonTrio.Alice, DaemonTrio.Bob);
        Wait.Until(() => DaemonTrioTests.PeerState(bob, "alice") == "online", "bob to see alice online");
        var folderName = "edits-" + Guid.NewGuid().ToString("N")[..8];
        var folder = Path.Combine(alice.Vault, folderName);
        Directory.CreateDirectory(folder);
        // Versions of one size: every read through bob's mount returns a whole version or fails.
        var versions = Enumerable.Range(0, 14).Select(i => Bytes(20_000, 100 + i)).ToList();
        var doc = Path.Combine(folder, "doc.bin");
        var seen = Path.Combine(bob.PeerView("alice"), "doc.bin");
        File.WriteAllBytes(doc, versions[0]);
        var shared = new List<string>();
        var failures = new ConcurrentQueue<string>();
        var reads = 0;
        using var stop = new CancellationTokenSource();
        Task? reader = null;
        try
        {
            alice.Cli("share", folderName + "/doc.bin", "--with", "bob").Ok();
            shared.Add(folderName + "/doc.bin");
            Wait.Until(() => File.Exists(seen) && File.ReadAllBytes(seen).AsSpan().SequenceEqual(versions[0]), "doc.bin to reach bob");
            reader = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var got = TryRead(seen, failures);
                    if (got is not null && !versions.Any(v => v.AsSpan().SequenceEqual(got))) failures.Enqueue($"{got.Length} bytes that are no version");
                    Interlocked.Increment(ref reads);
                }
            });

            for (var i = 1; i < 7; i++) Edit(doc, versions[i], seen, failures);

            // Another grant whose block alice cannot serve: its file's only block is gone from her vault, so bob's
            // fetch of it fails every round while doc.bin keeps changing.
            var broken = Bytes(100_000, 3);
            var brokenHash = Blake3.Hash(broken).ToString();
            File.WriteAllBytes(Path.Combine(folder, "broken.bin"), broken);
            var brokenBlock = Path.Combine(alice.VaultDirectory, "blocks", brokenHash[..2], brokenHash);
            Wait.Until(() => File.Exists(brokenBlock), "broken.bin's block to be written");
            File.Delete(brokenBlock);
            alice.Cli("share", folderName + "/broken.bin", "--with", "bob").Ok();
            shared.Add(folderName + "/broken.bin");
            Wait.Until(() => DaemonTrioTests.FailedOffers(bob, "alice").Any(o => o.Name == "broken.bin"), "bob's fetch of broken.bin to fail");

            for (var i = 7; i < versions.Count; i++) Edit(doc, versions[i], seen, failures);
            Assert.That(DaemonTrioTests.FailedOffers(bob, "alice").Select(o => o.Name), Does.Contain("broken.bin"), "broken.bin failed to the end");
            Assert.That(File.Exists(Path.Combine(bob.PeerView("alice"), "broken.bin")), Is.False);
        }
        finally
        {
            stop.Cancel();
            reader?.Wait();
            foreach (var failure in failures.Take(5)) TestContext.Out.WriteLine($"read failure: {failure}");
            foreach (var path in shared) alice.Cli("recall", path, "--from", "bob").Ok();
            Directory.Delete(folder, recursive: true);
        }
        Assert.That(failures, Is.Empty);
        Assert.That(reads, Is.GreaterThan(versions.Count), "bob read in a loop throughout");
        Wait.Until(() => !File.Exists(seen) && DaemonTrioTests.PeerState(bob, "alice") == "online", "the recalls to reach bob and his sync with alice to recover");
    }

    /// <summary>Alice rewrites <paramref name="doc"/> in place through her mount (one commit at close); waits until bob reads it.</summary>
    private static void Edit(string doc, byte[] version, string seen, ConcurrentQueue<string> failures)
    {
        using (var stream = new FileStream(doc, FileMode.Open, FileAccess.Write))
        {
            stream.Write(version);
        }
        Wait.Until(() => TryRead(seen, failures) is { } got && got.AsSpan().SequenceEqual(version), "alice's edit to reach bob's mount");
    }

    /// <summary>Reads a file through bob's mount; a failure (EIO, a vanished file) is recorded and gives null.</summary>
    private static byte[]? TryRead(string path, ConcurrentQueue<string> failures)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            failures.Enqueue($"{e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
