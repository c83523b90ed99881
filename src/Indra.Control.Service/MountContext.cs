using Indra.Sharing;

namespace Indra.Control.Service;

/// <summary>What a daemon adds to the vault it serves: where it is mounted, its process, its sharing service (null
/// when sharing is off) and how to ask it to unmount.</summary>
/// <param name="MountPoint">The mount point (full path).</param>
/// <param name="Pid">The daemon's process id.</param>
/// <param name="Sharing">The running sharing service, or null when sharing is off.</param>
/// <param name="RequestUnmount">Asks the daemon to flush, unmount and exit (as SIGTERM does); returns at once.</param>
public sealed record MountContext(string MountPoint, int Pid, SharingService? Sharing, Action RequestUnmount);
