using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Hosting;

namespace Indra.Platform.ProjFS.Tests.Support;

/// <summary>
/// An <see cref="ILocalFiles"/> (the real <see cref="LocalFiles"/> unless another is given, e.g. an emulator's) with
/// faults injected on request: an operation on a path a rule matches throws the rule's exception (a Windows
/// antivirus, indexer or backup tool holding a file; a disk error half way through a read). Every other call goes to
/// the inner implementation.
/// </summary>
public sealed class FaultyLocalFiles(ILocalFiles? inner = null) : ILocalFiles
{
    private readonly ILocalFiles _inner = inner ?? LocalFiles.Instance;
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];

    private readonly List<(string Path, FileAccess Access, FileShare Share)> _opens = [];
    private int _injected;

    /// <summary>How many injected faults were thrown (or armed, for reads).</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Every open so far: path, access and sharing mode.</summary>
    public IReadOnlyList<(string Path, FileAccess Access, FileShare Share)> Opens
    {
        get
        {
            lock (_gate)
            {
                return [.. _opens];
            }
        }
    }

    /// <summary>Makes <see cref="ILocalFiles.Move"/> onto a destination matching <paramref name="destination"/> throw
    /// what <paramref name="fault"/> makes, <paramref name="times"/> times (int.MaxValue: until <see cref="Clear"/>).</summary>
    public void FailMove(Func<string, bool> destination, Func<Exception> fault, int times = int.MaxValue) =>
        Add(new Rule("move", destination, fault, times, 0));

    /// <summary>Makes reads of a file matching <paramref name="path"/> throw after <paramref name="afterBytes"/> bytes.</summary>
    public void FailReadAfter(Func<string, bool> path, long afterBytes, Func<Exception> fault, int times = int.MaxValue) =>
        Add(new Rule("read", path, fault, times, afterBytes));

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <inheritdoc />
    public Stream Open(string path, FileMode mode, FileAccess access, FileShare share)
    {
        lock (_gate)
        {
            _opens.Add((path, access, share));
        }

        var stream = _inner.Open(path, mode, access, share);
        return Take("read", path) is { } rule && access.HasFlag(FileAccess.Read) ? new FailingReadStream(stream, rule.AfterBytes, rule.Fault) : stream;
    }

    /// <inheritdoc />
    public LocalFileStatus? Stat(string path) => _inner.Stat(path);

    /// <inheritdoc />
    public IReadOnlyList<string> List(string directory) => _inner.List(directory);

    /// <inheritdoc />
    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    /// <inheritdoc />
    public void Move(string source, string destination, bool overwrite)
    {
        if (Take("move", destination) is { } rule)
        {
            throw rule.Fault();
        }

        _inner.Move(source, destination, overwrite);
    }

    /// <inheritdoc />
    public void Delete(string path) => _inner.Delete(path);

    private void Add(Rule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    private Rule? Take(string operation, string path)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Operation == operation && r.Remaining > 0 && r.Matches(path));
            if (rule is not null)
            {
                rule.Remaining--;
                Interlocked.Increment(ref _injected);
            }

            return rule;
        }
    }

    private sealed record Rule(string Operation, Func<string, bool> Matches, Func<Exception> Fault, int Times, long AfterBytes)
    {
        public int Remaining { get; set; } = Times;
    }

    /// <summary>A read stream that throws once <c>afterBytes</c> were read.</summary>
    private sealed class FailingReadStream(Stream inner, long afterBytes, Func<Exception> fault) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= afterBytes)
            {
                throw fault();
            }

            var n = inner.Read(buffer, offset, (int)Math.Min(count, afterBytes - _read));
            _read += n;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Flush() => inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
