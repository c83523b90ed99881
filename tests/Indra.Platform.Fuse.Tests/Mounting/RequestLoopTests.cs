using Indra.Platform.Fuse.Tests.Support;

namespace Indra.Platform.Fuse.Tests.Mounting;

/// <summary>
/// The host's request loop (<c>RequestLoop</c>): one worker serves a sequential client, yet a request that blocks
/// does not stall the mount (the watchdog wakes another worker), many clients at once are all answered, and the
/// mount still ends cleanly afterwards.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RequestLoopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public void A_blocked_lookup_does_not_stall_the_other_requests()
    {
        using var mount = TestMount.Start(maxThreads: 4);
        // The held lookup is in a directory of its own: the kernel holds that directory's lock while it waits.
        Directory.CreateDirectory(mount.Combine("held"));
        string directory = mount.Combine("elsewhere");
        Directory.CreateDirectory(directory);
        mount.FileSystem.HoldLookupName = "slow";
        mount.FileSystem.LookupHold.Reset();
        var blocked = Task.Run(() => File.Exists(mount.Combine("held", "slow")));
        try
        {
            Assert.That(Poll.Until(() => mount.FileSystem.HeldLookups == 1, Patience), Is.True, "the lookup of \"slow\" reached the filesystem");

            for (int i = 0; i < 20; i++)
            {
                File.WriteAllText(Path.Combine(directory, $"f{i}"), $"content {i}");
            }
            Assert.That(Directory.GetFiles(directory), Has.Length.EqualTo(20));
            Assert.That(File.ReadAllText(Path.Combine(directory, "f7")), Is.EqualTo("content 7"));
            Assert.That(blocked.IsCompleted, Is.False, "the held lookup is still waiting while the others were answered");
        }
        finally
        {
            mount.FileSystem.LookupHold.Set();
        }
        Assert.That(blocked.Wait(Patience), Is.True, "the held lookup is answered once released");
        Assert.That(blocked.Result, Is.False, "\"slow\" does not exist");
    }

    [Test]
    public void Many_clients_at_once_are_all_answered_and_the_mount_then_ends([Values(1, 3, 16)] int maxThreads)
    {
        const int clients = 6;
        const int filesEach = 150;
        using var mount = TestMount.Start(maxThreads: maxThreads);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, clients).Select(client => Task.Run(() =>
        {
            string directory = mount.Combine($"client{client}");
            Directory.CreateDirectory(directory);
            for (int i = 0; i < filesEach; i++)
            {
                string file = Path.Combine(directory, $"f{i}");
                File.WriteAllText(file, $"{client}/{i}");
                File.Move(file, file + ".moved");
            }
            for (int i = 0; i < filesEach; i += 2)
            {
                File.Delete(Path.Combine(directory, $"f{i}.moved"));
            }
            for (int i = 1; i < filesEach; i += 2)
            {
                string text = File.ReadAllText(Path.Combine(directory, $"f{i}.moved"));
                if (text != $"{client}/{i}") failures.Enqueue($"client {client} file {i}: \"{text}\"");
            }
        })).ToArray();

        Assert.That(Task.WaitAll(workers, TimeSpan.FromMinutes(3)), Is.True, "every client finished");
        Assert.That(failures, Is.Empty);
        for (int client = 0; client < clients; client++)
        {
            Assert.That(Directory.GetFiles(mount.Combine($"client{client}")), Has.Length.EqualTo(filesEach / 2), $"client {client}");
        }
        Assert.That(mount.Session.Unmount(TimeSpan.FromSeconds(20)), Is.True, "the loop ended and the mount went away");
        Assert.That(MountInfo.IsMounted(mount.Path), Is.False);
        Assert.That(mount.FileSystem.CountViolations, Is.Empty);
    }
}
