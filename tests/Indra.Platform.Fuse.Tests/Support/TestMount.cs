using System.Collections.Concurrent;
using Indra.FileSystem;

namespace Indra.Platform.Fuse.Tests.Support;

/// <summary>
/// A real FUSE mount of a <see cref="MemoryFileSystem"/> under a fresh temporary directory. Disposing unmounts
/// through the session, falls back to <c>umount -l</c> if the mount is still there, and removes the directories.
/// </summary>
internal sealed class TestMount : IDisposable
{
    private static readonly string Base = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "indra-fuse-tests");

    private TestMount(string root, string path, MemoryFileSystem fileSystem, FuseHost host, IMountSession session,
        ConcurrentQueue<string> log)
    {
        Root = root;
        Path = path;
        FileSystem = fileSystem;
        Host = host;
        Session = session;
        Log = log;
    }

    public string Root { get; }
    public string Path { get; }
    public MemoryFileSystem FileSystem { get; }
    public FuseHost Host { get; }
    public IMountSession Session { get; }
    public ConcurrentQueue<string> Log { get; }

    /// <summary>A new empty directory for a mount point (the caller mounts or not).</summary>
    public static string NewMountPoint(out string root)
    {
        root = System.IO.Path.Combine(Base, Guid.NewGuid().ToString("N"));
        string path = System.IO.Path.Combine(root, "mnt");
        Directory.CreateDirectory(path);
        return path;
    }

    public static TestMount Start(bool debug = false, int maxThreads = 8, bool allowOther = false, bool ioUring = false)
    {
        string path = NewMountPoint(out string root);
        var log = new ConcurrentQueue<string>();
        var host = new FuseHost(Indra.Tests.Shared.LineLoggerProvider.Factory(line =>
        {
            log.Enqueue(line);
            TestContext.Progress.WriteLine("indra: " + line);
        }, Microsoft.Extensions.Logging.LogLevel.Debug));
        var fileSystem = new MemoryFileSystem();
        try
        {
            IMountSession session = host.Mount(fileSystem, new MountOptions(path, Debug: debug, MaxThreads: maxThreads, AllowOther: allowOther, IoUring: ioUring));
            return new TestMount(root, path, fileSystem, host, session, log);
        }
        catch
        {
            Cleanup(root, path);
            throw;
        }
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Session.Unmount(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Cleanup(Root, Path);
        }
    }

    /// <summary>Unmounts whatever is left at <paramref name="path"/> and deletes the (empty) directories.</summary>
    public static void Cleanup(string root, string path)
    {
        if (MountInfo.IsMounted(path))
        {
            TestContext.Progress.WriteLine($"cleanup: {path} still mounted, running umount -l");
            Shell.Run("umount", "-l", path);
        }
        if (!MountInfo.IsMounted(path) && Directory.Exists(root))
        {
            // Never recursive into a mount: by now the mount point is a plain directory again.
            foreach (string entry in Directory.EnumerateFileSystemEntries(root))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
            Directory.Delete(root);
        }
    }
}
