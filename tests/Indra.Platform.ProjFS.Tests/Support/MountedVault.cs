using Indra.Engine.Vaults;
using Indra.FileSystem;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;

namespace Indra.Platform.ProjFS.Tests.Support;

/// <summary>
/// A real vault (in memory) served through the real <see cref="VaultFileSystem"/> and the ProjFS host, with the
/// emulator playing Windows over a temporary virtualization root.
/// </summary>
public sealed class MountedVault : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringWriter _log = new();

    /// <summary>Creates the vault and the emulator; seed with <see cref="Vault"/>, then <see cref="Mount"/>.</summary>
    /// <param name="emulatorOptions">The emulator's knobs.</param>
    /// <param name="native">Mount through ProjectedFSLib.dll (Windows) instead of the emulator, over the same root.</param>
    public MountedVault(EmulatorOptions? emulatorOptions = null, bool native = false)
    {
        Native = native;
        Log = TextWriter.Synchronized(_log);
        Loggers = Indra.Tests.Shared.LineLoggerProvider.Factory(line => Log.WriteLine(line), Microsoft.Extensions.Logging.LogLevel.Debug);
        VaultEngine = Indra.Engine.Vaults.Vault.CreateInMemory(services: new Indra.Engine.Vaults.VaultServices(TimeProvider.System, Loggers));
        FileSystem = new VaultFileSystem(VaultEngine);
        Vault = new VaultPaths(FileSystem);
        Emulator = new ProjFsEmulator(Path.Combine(_dir.Path, "Indra"), emulatorOptions);
        StateDirectory = Path.Combine(_dir.Path, "state");
        Files = new FaultyLocalFiles(native ? null : new EmulatedLocalFiles(Emulator));
    }

    /// <summary>True when the host runs over the native ProjFS API (the emulator then only owns the root directory).</summary>
    public bool Native { get; }

    /// <summary>The vault engine.</summary>
    public Vault VaultEngine { get; }

    /// <summary>The vault filesystem the host serves.</summary>
    public VaultFileSystem FileSystem { get; }

    /// <summary>Direct access to the vault by path (another route than ProjFS).</summary>
    public VaultPaths Vault { get; }

    /// <summary>The emulated ProjFS.</summary>
    public ProjFsEmulator Emulator { get; }

    /// <summary>The host's state directory.</summary>
    public string StateDirectory { get; }

    /// <summary>The loggers of the host and the vault, writing to <see cref="Log"/>.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory Loggers { get; }

    /// <summary>Where the host and the vault log (thread-safe).</summary>
    public TextWriter Log { get; private set; } = TextWriter.Null;

    /// <summary>Everything logged so far.</summary>
    public string LogText
    {
        get
        {
            lock (Log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The current session.</summary>
    public ProjFsMountSession Session { get; private set; } = null!;

    /// <summary>
    /// The host's local file access, with fault injection: over the emulator (<see cref="EmulatedLocalFiles"/>: the
    /// host's I/O under the root is seen by the emulated kernel like an application's), or the real disk for a native
    /// mount; a rule makes a call fail.
    /// </summary>
    public FaultyLocalFiles Files { get; }

    /// <summary>The emulator as the host sees it (shared handles and the shutdown record); null mounts the bare emulator.</summary>
    public InterposedProjFsApi? Interposed { get; set; }

    /// <summary>Completions after which the dirty journal is compacted.</summary>
    public int JournalCompactionThreshold { get; set; } = 512;

    /// <summary>Mounts with a new host instance (the same emulator, root and state directory).</summary>
    public ProjFsMountSession Mount(bool writeBack = true)
    {
        var options = new ProjFsHostOptions
        {
            StateDirectory = StateDirectory,
            Loggers = Loggers,
            WriteBackEnabled = writeBack,
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            LocalFiles = Files,
            JournalCompactionThreshold = JournalCompactionThreshold,
        };
        var host = Native ? new ProjFsHost(options) : new ProjFsHost((IProjFsApiFactory?)Interposed ?? new EmulatorApiFactory(Emulator), options);
        Session = (ProjFsMountSession)host.Mount(FileSystem, new MountOptions(Emulator.RootDirectory, Debug: true));
        return Session;
    }

    /// <summary>Waits for write-back and vault-change processing.</summary>
    public void Settle() => Assert.That(Session.WaitForIdle(TimeSpan.FromSeconds(20)), Is.True, "the host did not settle:\n" + LogText);

    /// <summary>Unmounts and frees everything; prints the log when the test failed.</summary>
    public void Dispose()
    {
        Session?.Unmount(TimeSpan.FromSeconds(10));
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine(LogText);
            TestContext.Out.WriteLine(string.Join('\n', Emulator.Trace));
        }

        FileSystem.Dispose();
        VaultEngine.Dispose();
        _dir.Dispose();
        var hostIo = Emulator.Violations.Where(v => v.StartsWith("host I/O", StringComparison.Ordinal)).ToList();
        Assert.That(hostIo, Is.Empty, "the host touched the virtualization root from a callback");
    }
}
