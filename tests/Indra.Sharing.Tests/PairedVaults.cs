namespace Indra.Sharing.Tests;

/// <summary>
/// Two vaults on disk, alice and bob (4 KiB blocks unless told), each with its sharing service started and paired with the other;
/// disposing prints both logs when the current test failed, then removes everything.
/// </summary>
internal sealed class PairedVaults : IDisposable
{
    /// <param name="aliceClock">The clock of alice's vault (the system clock when null).</param>
    /// <param name="bobClock">The clock of bob's vault (the system clock when null).</param>
    /// <param name="blockSize">Both vaults' block size in bytes.</param>
    /// <param name="syncInterval">Both services' sync interval (<see cref="SharingNode.Interval"/> when null).</param>
    internal PairedVaults(TimeProvider? aliceClock = null, TimeProvider? bobClock = null, int blockSize = 4096, TimeSpan? syncInterval = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "indra-sharing-" + Guid.NewGuid().ToString("N"));
        Alice = SharingNode.Create(Root, "alice", blockSize: blockSize, time: aliceClock, interval: syncInterval);
        Bob = SharingNode.Create(Root, "bob", blockSize: blockSize, time: bobClock, interval: syncInterval);
        Alice.Sharing.AddPeer("bob", Bob.Sharing.Invite, autoAccept: true);
        Bob.Sharing.AddPeer("alice", Alice.Sharing.Invite, autoAccept: true);
    }

    internal string Root { get; }
    internal SharingNode Alice { get; }
    internal SharingNode Bob { get; }

    public void Dispose()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine("alice log:\n" + Alice.LogText());
            TestContext.Out.WriteLine("bob log:\n" + Bob.LogText());
        }
        Alice.Dispose();
        Bob.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
