using Indra.Engine.Domain;
using Indra.Hashing;

namespace Indra.FileSystem.Tests;

/// <summary>
/// Shared views held in a dictionary: the layer above the filesystem's /peers and /realms rendering, standing in for
/// the sharing service so these tests exercise only the rendering (the service has its own suites).
/// </summary>
internal sealed class DictionarySharedViews : ISharedViews
{
    private readonly Dictionary<(ShareScope, string), Dictionary<string, byte[]?>> _views = new();
    private int _openFiles;

    public event Action<ShareScope, string, string>? Changed;

    /// <summary>Adds a file (content) or folder (null) at PATH in view NAME.</summary>
    public void Put(ShareScope scope, string name, string path, byte[]? content)
    {
        if (!_views.TryGetValue((scope, name), out var view)) _views[(scope, name)] = view = new Dictionary<string, byte[]?>();
        view[path] = content;
        Changed?.Invoke(scope, name, path);
    }

    public void Remove(ShareScope scope, string name, string path)
    {
        _views[(scope, name)].Remove(path);
        Changed?.Invoke(scope, name, path);
    }

    public IReadOnlyList<string> Names(ShareScope scope) => _views.Keys.Where(k => k.Item1 == scope).Select(k => k.Item2).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<SharedEntry> List(ShareScope scope, string name, string relativePath)
    {
        if (!_views.TryGetValue((scope, name), out var view)) return [];
        var prefix = relativePath.Length == 0 ? "" : relativePath + "/";
        return view.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !k[prefix.Length..].Contains('/'))
            .Order(StringComparer.Ordinal).Select(k => Get(scope, name, k)!).ToList();
    }

    public SharedEntry? Get(ShareScope scope, string name, string relativePath)
    {
        if (!_views.TryGetValue((scope, name), out var view) || !view.TryGetValue(relativePath, out var content)) return null;
        var leaf = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        return new SharedEntry(leaf, content is null, content?.Length ?? 0, content is null ? default : new ArtifactId(Blake3.Hash(content)), 0, "Revocable", new PlayerId(Blake3.Hash("steward"u8)));
    }

    /// <summary>Files opened and not yet closed.</summary>
    public int OpenFiles => Volatile.Read(ref _openFiles);

    public ISharedFile? Open(ShareScope scope, string name, string relativePath)
    {
        if (!_views.TryGetValue((scope, name), out var view) || !view.TryGetValue(relativePath, out var content) || content is null) return null;
        Interlocked.Increment(ref _openFiles);
        return new DictionarySharedFile(Get(scope, name, relativePath)!, content, () => Interlocked.Decrement(ref _openFiles));
    }

    public int Read(ShareScope scope, string name, string relativePath, long offset, Span<byte> buffer)
    {
        if (!_views.TryGetValue((scope, name), out var view) || !view.TryGetValue(relativePath, out var content) || content is null) return -1;
        if (offset >= content.Length) return 0;
        var n = (int)Math.Min(buffer.Length, content.Length - offset);
        content.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }
}
