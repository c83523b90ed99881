namespace Indra.Engine.Vaults;

/// <summary>
/// Queued tree writes of a node did not land (<see cref="VaultTree.TakeFailure"/>): their batch rolled back, whole,
/// and is retried (a passing cause) or was dropped (the vault then takes no more writes until it is opened again).
/// Linux reports a failed writeback the same way, to the next <c>fsync(2)</c> or <c>close(2)</c> of the file.
/// </summary>
/// <param name="DiskFull">True when the disk holding the metadata was full (ENOSPC for the caller; EIO otherwise).</param>
/// <param name="Message">What failed, for a log line.</param>
public sealed record QueuedWriteFailure(bool DiskFull, string Message);
