using System.Text;
using Indra.Engine.Domain;
using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Hashing;

namespace Indra.Sharing.Tests;

/// <summary>One vault on disk with its filesystem and (while started) its sharing service on 127.0.0.1, an ephemeral port.</summary>
internal sealed class SharingNode : IDisposable
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(150);
    private readonly List<string> _log = [];
    private readonly TimeSpan _interval;

    private SharingNode(string directory, int blockSize, TimeProvider time, TimeSpan interval)
    {
        Directory = directory;
        Time = time;
        _interval = interval;
        Vault = Vault.Create(directory, blockSize, services: new VaultServices(time, Indra.Tests.Shared.LineLoggerProvider.Factory(Log)));
        Fs = new VaultFileSystem(Vault);
    }

    internal string Directory { get; }
    internal Vault Vault { get; }
    internal VaultFileSystem Fs { get; }
    internal SharingService? Service { get; private set; }
    internal SharingService Sharing => Service ?? throw new InvalidOperationException("sharing is stopped");
    internal int Port { get; private set; }

    /// <summary>Where the vault is mounted (set before <see cref="Start"/>), or null.</summary>
    internal string? MountPoint { get; set; }

    /// <summary>The clock its vault and sharing service read (the system clock unless a test gave a fake one).</summary>
    internal TimeProvider Time { get; }

    /// <param name="interval">Its sync interval (<see cref="Interval"/> when null).</param>
    internal static SharingNode Create(string root, string name, int blockSize = Vault.DefaultBlockSize, TimeProvider? time = null, TimeSpan? interval = null)
    {
        var directory = Path.Combine(root, name);
        var node = new SharingNode(directory, blockSize, time ?? TimeProvider.System, interval ?? Interval);
        node.Start();
        return node;
    }

    /// <summary>Starts sharing, on the same port as before when restarted (peers keep its address).</summary>
    internal void Start()
    {
        Service = SharingService.Start(Vault, Fs, new SharingOptions { Port = Port, SyncInterval = _interval, RequestTimeout = TimeSpan.FromSeconds(20), MountPoint = MountPoint });
        Port = Service.Endpoint.Port;
    }

    /// <summary>As the mount daemon does once mounted: restarts sharing with the mount point and attaches the views.</summary>
    internal void StartMounted(string mountPoint)
    {
        Stop();
        MountPoint = mountPoint;
        Start();
        Fs.AttachSharedViews(Sharing);
    }

    /// <summary>Stops sharing (the owner goes offline); the vault stays open.</summary>
    internal void Stop()
    {
        Service?.Dispose();
        Service = null;
    }

    internal string LogText()
    {
        lock (_log) return string.Join('\n', _log);
    }

    private void Log(string line)
    {
        lock (_log) _log.Add(line);
    }

    /// <summary>Writes <paramref name="data"/> to /vault/<paramref name="path"/>, making folders as needed.</summary>
    internal ArtifactId Write(string path, byte[] data)
    {
        var (parent, name, looked) = Walk(path, create: true);
        try
        {
            ulong inode;
            ulong handle;
            if (Fs.Lookup(parent, name, out var existing) == Errno.None)
            {
                looked.Add(existing.Inode);
                inode = existing.Inode;
                Check(Fs.Open(inode, OpenFlags.WriteOnly | OpenFlags.Truncate, CallerContext.Self, out var open));
                handle = open.Handle;
            }
            else
            {
                Check(Fs.Create(parent, name, 0x1A4, OpenFlags.WriteOnly | OpenFlags.Create, CallerContext.Self, out var created, out var open));
                looked.Add(created.Inode);
                inode = created.Inode;
                handle = open.Handle;
            }
            for (var offset = 0; offset < data.Length; offset += 1 << 20)
            {
                var n = Math.Min(1 << 20, data.Length - offset);
                Check(Fs.Write(inode, handle, offset, data.AsSpan(offset, n), out _));
            }
            Check(Fs.Flush(inode, handle));
            Check(Fs.Release(inode, handle));
            Check(Fs.GetExtendedAttribute(inode, "user.indra.id", out var id));
            return ArtifactId.Parse(Encoding.ASCII.GetString(id).Trim('\0'));
        }
        finally
        {
            foreach (var i in looked) Fs.Forget(i, 1);
        }
    }

    /// <summary>Looks up /vault/<paramref name="path"/>.</summary>
    internal Errno Lookup(string path)
    {
        var (parent, name, looked) = Walk(path, create: false);
        try
        {
            if (parent == 0) return Errno.ENOENT;
            var result = Fs.Lookup(parent, name, out var attributes);
            if (result == Errno.None) looked.Add(attributes.Inode);
            return result;
        }
        finally
        {
            foreach (var i in looked) Fs.Forget(i, 1);
        }
    }

    /// <summary>Opens /vault/<paramref name="path"/> for writing and appends <paramref name="data"/>; returns the first failure.</summary>
    internal Errno TryAppend(string path, byte[] data)
    {
        var (parent, name, looked) = Walk(path, create: false);
        try
        {
            if (parent == 0) return Errno.ENOENT;
            var result = Fs.Lookup(parent, name, out var attributes);
            if (result != Errno.None) return result;
            looked.Add(attributes.Inode);
            result = Fs.Open(attributes.Inode, OpenFlags.WriteOnly | OpenFlags.Append, CallerContext.Self, out var open);
            if (result != Errno.None) return result;
            result = Fs.Write(attributes.Inode, open.Handle, attributes.Size, data, out _);
            Fs.Flush(attributes.Inode, open.Handle);
            Fs.Release(attributes.Inode, open.Handle);
            return result;
        }
        finally
        {
            foreach (var i in looked) Fs.Forget(i, 1);
        }
    }

    public void Dispose()
    {
        Stop();
        Fs.Dispose();
        Vault.Dispose();
    }

    private (ulong Parent, string Name, List<ulong> Looked) Walk(string path, bool create)
    {
        var segments = path.Split('/');
        var parent = ReservedInodes.Vault;
        var looked = new List<ulong>();
        foreach (var segment in segments[..^1])
        {
            if (Fs.Lookup(parent, segment, out var attributes) != Errno.None)
            {
                if (!create) return (0, segments[^1], looked);
                Check(Fs.MakeDirectory(parent, segment, 0x1ED, CallerContext.Self, out attributes));
            }
            looked.Add(attributes.Inode);
            parent = attributes.Inode;
        }
        return (parent, segments[^1], looked);
    }

    private static void Check(Errno errno)
    {
        if (errno != Errno.None) throw new IOException($"filesystem said {errno}");
    }
}
