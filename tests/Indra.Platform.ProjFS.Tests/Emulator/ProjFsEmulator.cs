using System.Collections.Concurrent;
using Indra.Platform.ProjFS.Api;

namespace Indra.Platform.ProjFS.Tests.Emulator;

/// <summary>
/// A Linux stand-in for ProjFS (the prjflt kernel driver plus the Win32 caller), following the emulator spec of
/// reference/projfs.md §9. The virtualization root is a real directory: placeholders, hydrated placeholders and full
/// files are real files and directories there, and the emulator tracks each item's cache state, content id and
/// tombstones beside them. Tests act like a user program (EnumerateDirectory, OpenRead, Write, Delete, Rename, ...);
/// the emulator calls the provider's callbacks in the order ProjFS does and implements the provider-initiated
/// functions (<see cref="IProjFsApi"/>). Provider mistakes that Windows would punish silently throw
/// <see cref="ProtocolViolationException"/> and are kept in <see cref="Violations"/>.
/// </summary>
/// <remarks>
/// As concurrent as Windows: provider callbacks run on a pool of callback threads (PoolThreadCount, else
/// <see cref="EmulatorOptions.CallbackThreads"/>), never on the application's thread and never under the emulator's
/// lock. The lock guards the emulated kernel state; an application operation holds it except while it waits for a
/// callback, so other applications' operations and the provider's ProjFS calls interleave with it the way they do on
/// Windows. StopVirtualizing waits for running callbacks to drain. Names are compared with
/// <see cref="EmulatedNameOrder"/>, written independently of the host's stand-in.
/// </remarks>
public sealed partial class ProjFsEmulator : IProjFsApi
{
    private static readonly ConcurrentDictionary<string, ProjFsEmulator> ActiveRoots = new(StringComparer.OrdinalIgnoreCase);

    private readonly object _gate = new();
    private readonly Dictionary<string, EmulatedItem> _items = new(EmulatedNameOrder.Instance);
    private readonly HashSet<string> _negativeCache = new(EmulatedNameOrder.Instance);
    private readonly List<string> _trace = [];
    private readonly List<string> _violations = [];
    private IProjFsCallbacks? _callbacks;
    private VirtualizationOptions? _options;
    private Guid? _instanceId;
    private bool _active;
    private bool _stopping;
    private int _nextCommandId;

    /// <summary>Creates an emulator whose virtualization root is the existing directory <paramref name="rootDirectory"/>.</summary>
    public ProjFsEmulator(string rootDirectory, EmulatorOptions? options = null)
    {
        RootDirectory = Path.GetFullPath(rootDirectory);
        Options = options ?? new EmulatorOptions();
        Directory.CreateDirectory(RootDirectory);
    }

    /// <summary>The virtualization root (a real directory).</summary>
    public string RootDirectory { get; }

    /// <summary>The emulator's knobs.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The image file name callbacks report for the application's operations (set it to act as another
    /// program, e.g. an antivirus scanner); the default is <c>C:\Program Files\Emulated\emulated-app.exe</c>.</summary>
    public string ApplicationImageFileName { get; set; } = @"C:\Program Files\Emulated\emulated-app.exe";

    /// <summary>True between StartVirtualizing and StopVirtualizing.</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Every callback made, in order, as "Name(path,...)".</summary>
    public IReadOnlyList<string> Trace
    {
        get
        {
            lock (_gate)
            {
                return [.. _trace];
            }
        }
    }

    /// <summary>Provider protocol violations seen so far.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Names in the negative path cache.</summary>
    public int NegativeCacheCount
    {
        get
        {
            lock (_gate)
            {
                return _negativeCache.Count;
            }
        }
    }

    /// <summary>Forgets the trace.</summary>
    public void ClearTrace()
    {
        lock (_gate)
        {
            _trace.Clear();
        }
    }

    /// <summary>The emulator's record of <paramref name="path"/>, or null when nothing is on disk (virtual or unknown).</summary>
    public EmulatedItem? GetItem(string path)
    {
        lock (_gate)
        {
            return _items.TryGetValue(Normalize(path), out var item) ? item.Snapshot() : null;
        }
    }

    /// <summary>The real path of a relative one under the root.</summary>
    public string RealPath(string relativePath) =>
        Path.Combine(RootDirectory, Normalize(relativePath).Replace('\\', Path.DirectorySeparatorChar));

    internal static string Normalize(string? path) =>
        string.IsNullOrEmpty(path) ? string.Empty : path.Replace('/', '\\').Trim('\\');

    internal static string Parent(string path)
    {
        var cut = path.LastIndexOf('\\');
        return cut < 0 ? string.Empty : path[..cut];
    }

    internal static string NameOf(string path) => path[(path.LastIndexOf('\\') + 1)..];

    internal static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "\\" + name;

    internal static bool IsSameOrUnder(string path, string ancestor) =>
        ancestor.Length == 0
        || SameName(path, ancestor)
        || (path.Length > ancestor.Length && path[ancestor.Length] == '\\' && SameName(path[..ancestor.Length], ancestor));

    internal static bool SameName(string a, string b) => EmulatedNameOrder.Instance.Equals(a, b);

    private static int CompareNames(string a, string b) => EmulatedNameOrder.Instance.Compare(a, b);

    private void Violation(string message)
    {
        _violations.Add(message);
        throw new ProtocolViolationException(message);
    }

    private void RecordViolation(string message) => _violations.Add(message);

    private IEnumerable<EmulatedItem> ChildrenOf(EmulatedItem directory) =>
        _items.Values.Where(i => i.Path.Length > 0 && SameName(Parent(i.Path), directory.Path)).ToList();

    private EmulatedItem Root => _items[string.Empty];

    private static EmulatedIOException Fail(string what, int hresult) => new(what, hresult);

    private void MarkParentDirty(string path)
    {
        if (_items.TryGetValue(Parent(path), out var parent) && parent.State != EmulatedItemState.Full && parent.Path.Length > 0)
        {
            parent.DirtyMetadata = true;
        }
    }
}
