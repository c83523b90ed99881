using System.Collections.Concurrent;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Tests.Emulator;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>The host under the threaded emulator: parallel opens, reads and listings, and an unmount during hydration.</summary>
[TestFixture]
public sealed class StressTests
{
    private const int Threads = 6;
    private const int OperationsPerThread = 60;

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private MountedVault _mount = null!;
    private Dictionary<string, byte[]> _files = null!;
    private Dictionary<string, string[]> _folders = null!;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault(new EmulatorOptions { CallbackThreads = 3, RandomFileDataRanges = true });
        _files = [];
        var random = new Random(7);
        for (var d = 0; d < 4; d++)
        {
            for (var f = 0; f < 6; f++)
            {
                var content = new byte[random.Next(0, 150_000)];
                random.NextBytes(content);
                var path = $"vault/d{d}/f{f}.bin";
                _mount.Vault.WriteFile(path, content);
                _files[path.Replace('/', '\\')] = content;
            }
        }

        var big = new byte[6 * 1024 * 1024 + 17];
        random.NextBytes(big);
        _mount.Vault.WriteFile("vault/big/movie.bin", big);
        _files["vault\\big\\movie.bin"] = big;
        _folders = _files.Keys.GroupBy(k => k[..k.LastIndexOf('\\')])
            .ToDictionary(g => g.Key, g => g.Select(k => k[(k.LastIndexOf('\\') + 1)..]).Order(StringComparer.OrdinalIgnoreCase).ToArray());
        _mount.Mount();
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void ParallelOpensReadsAndListingsSeeTheVault()
    {
        var failures = new ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var random = new Random(100 + t);
            var paths = _files.Keys.Where(p => !p.Contains("big", StringComparison.Ordinal)).ToArray();
            for (var i = 0; i < OperationsPerThread; i++)
            {
                try
                {
                    Operate(random, paths, failures);
                }
                catch (Exception exception)
                {
                    failures.Enqueue($"thread {t} op {i}: {exception}");
                }
            }
        })).ToArray();

        Assert.That(Task.WaitAll(workers, Long), Is.True, "the workers finished (no deadlock)");
        Assert.That(failures, Is.Empty);
        Assert.That(_mount.Emulator.Violations, Is.Empty);
        Assert.That(_mount.Emulator.Trace.Count(t => t.StartsWith("GetFileData", StringComparison.Ordinal)), Is.GreaterThan(Threads),
            "hydrations happened (some files concurrently)");
        _mount.Settle();
        Assert.That(_mount.Session.PendingWriteBacks, Is.Zero, "reading and listing change nothing");
    }

    [Test]
    public void UnmountingDuringAHydrationDrainsItAndNoCallbackRunsAfterwards()
    {
        var unmounted = false;
        var lateCallbacks = new ConcurrentQueue<string>();
        using var hydrating = new ManualResetEventSlim();
        _mount.Emulator.BeforeCallback = trace =>
        {
            if (Volatile.Read(ref unmounted))
            {
                lateCallbacks.Enqueue(trace);
            }

            if (trace.StartsWith("GetFileData(vault\\big\\movie.bin", StringComparison.Ordinal) && !hydrating.IsSet)
            {
                hydrating.Set();
                Wait.Until(() => _mount.Emulator.IsStopping, "the unmount to reach PrjStopVirtualizing");
            }
        };

        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var others = Enumerable.Range(0, Threads - 1).Select(t => Task.Run(() =>
        {
            var random = new Random(200 + t);
            var paths = _files.Keys.Where(p => !p.Contains("big", StringComparison.Ordinal)).ToArray();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    Operate(random, paths, failures);
                }
                catch (EmulatedIOException exception) when (exception.HResult == HResult.VirtualizationUnavailable)
                {
                    // the provider is gone: what Windows reports once virtualization stopped
                }
                catch (Exception exception)
                {
                    failures.Enqueue($"thread {t}: {exception}");
                }
            }
        })).ToArray();

        var reader = Task.Run(() => _mount.Emulator.ReadAll("vault\\big\\movie.bin"));
        Assert.That(hydrating.Wait(Long), Is.True, "the big file started hydrating");
        Assert.That(_mount.Session.Unmount(Long), Is.True);
        Volatile.Write(ref unmounted, true);
        Assert.That(_mount.Emulator.CallbacksInFlight, Is.Zero, "every callback returned before the unmount did");

        Assert.That(((IAsyncResult)reader).AsyncWaitHandle.WaitOne(Long), Is.True);
        var movie = _mount.Emulator.GetItem("vault\\big\\movie.bin")!;
        if (reader.IsCompletedSuccessfully)
        {
            Assert.That(reader.Result, Is.EqualTo(_files["vault\\big\\movie.bin"]), "the hydration completed with the right bytes");
            Assert.That(movie.State, Is.EqualTo(EmulatedItemState.HydratedPlaceholder));
        }
        else
        {
            // The range that was running finished; the next range of the same hydration found the provider gone.
            Assert.That(reader.Exception!.InnerException, Is.InstanceOf<EmulatedIOException>()
                .With.Property(nameof(Exception.HResult)).EqualTo(HResult.VirtualizationUnavailable));
            Assert.That(movie.State, Is.EqualTo(EmulatedItemState.Placeholder), "no half-hydrated file");
            Assert.That(new FileInfo(_mount.Emulator.RealPath("vault\\big\\movie.bin")).Length, Is.Zero);
        }

        stop.Cancel();
        Assert.That(Task.WaitAll(others, Long), Is.True);
        Assert.That(failures, Is.Empty);
        Assert.That(lateCallbacks, Is.Empty, "no callback after the unmount returned");
        Assert.That(_mount.Emulator.Violations, Is.Empty);
        Assert.That(() => _mount.Emulator.EnumerateDirectory("vault\\d0"), Throws.InstanceOf<EmulatedIOException>()
            .With.Property(nameof(Exception.HResult)).EqualTo(HResult.VirtualizationUnavailable));
    }

    /// <summary>One random application operation, checked against the vault's content.</summary>
    private void Operate(Random random, string[] paths, ConcurrentQueue<string> failures)
    {
        var path = paths[random.Next(paths.Length)];
        switch (random.Next(3))
        {
            case 0:
                var data = _mount.Emulator.ReadAll(path);
                if (!data.AsSpan().SequenceEqual(_files[path]))
                {
                    failures.Enqueue($"'{path}' read {data.Length} bytes that differ from the vault's {_files[path].Length}");
                }

                break;
            case 1:
                var folder = path[..path.LastIndexOf('\\')];
                var names = _mount.Emulator.EnumerateDirectory(folder).Select(e => e.Name).ToArray();
                if (!names.SequenceEqual(_folders[folder]))
                {
                    failures.Enqueue($"'{folder}' listed {string.Join(",", names)}");
                }

                break;
            default:
                using (var handle = _mount.Emulator.OpenRead(path))
                {
                    var expected = _files[path];
                    var offset = expected.Length == 0 ? 0 : random.Next(expected.Length);
                    var part = handle.Read(offset, 5000);
                    if (!part.AsSpan().SequenceEqual(expected.AsSpan(offset, Math.Min(5000, expected.Length - offset))))
                    {
                        failures.Enqueue($"'{path}' at {offset} read other bytes");
                    }
                }

                break;
        }
    }
}
