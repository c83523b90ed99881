using System.Collections.Concurrent;
using System.Text;
using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Concurrency;

/// <summary>
/// The host's core behaviour, once over the emulator and once over native ProjFS (Windows only: elsewhere the native
/// fixture reports every test as ignored, with the reason). The application side is <see cref="IApplication"/>:
/// emulator calls, or System.IO on the real root.
/// </summary>
[TestFixtureSource(typeof(ProjFsBackends), nameof(ProjFsBackends.All))]
public sealed class BackendTests(ProjFsBackend backend)
{
    private MountedVault _mount = null!;
    private IApplication _app = null!;

    [SetUp]
    public void SetUp()
    {
        ProjFsBackends.RequireAvailable(backend);
        _mount = new MountedVault(native: backend == ProjFsBackend.Native);
        _mount.Vault.WriteFile("vault/docs/b.txt", "bee");
        _mount.Vault.WriteFile("vault/docs/A.txt", "ay");
        _mount.Vault.WriteFile("vault/docs/a_b.txt", "underscore");
        _mount.Vault.WriteFile("vault/odd/a:b.txt", "colon");
        _mount.Vault.WriteFile("vault/odd/CON", "device");
        _mount.Vault.WriteFile("vault/odd/dot.", "dot");
        for (var i = 0; i < 8; i++)
        {
            _mount.Vault.WriteFile($"vault/many/f{i}.bin", Content(i));
        }

        _mount.Mount();
        _app = backend == ProjFsBackend.Native ? new WindowsApplication(_mount.Emulator.RootDirectory) : new EmulatedApplication(_mount.Emulator);
    }

    [TearDown]
    public void TearDown() => _mount?.Dispose();

    [Test]
    public void AListingShowsTheVaultInFileNameOrder()
    {
        Assert.That(_app.List(""), Does.Contain("vault").And.Contain(".indra").And.Ordered.Using((IComparer<string>)StringComparer.OrdinalIgnoreCase));
        Assert.That(_app.List("vault\\docs"), Is.EqualTo(new[] { "A.txt", "a_b.txt", "b.txt" }));
    }

    [Test]
    public void ReadingHydratesTheVaultsBytes()
    {
        Assert.That(_app.ReadAll("vault\\docs\\b.txt"), Is.EqualTo("bee"u8.ToArray()));
        Assert.That(_app.ReadAll("vault\\DOCS\\a.TXT"), Is.EqualTo("ay"u8.ToArray()), "names are case-insensitive");
        Assert.That(_app.ReadRange("vault\\many\\f3.bin", 1000, 10), Is.EqualTo(Content(3).AsSpan(1000, 10).ToArray()));
    }

    [Test]
    public void WindowsIllegalNamesAreProjectedEncodedAndReadBack()
    {
        Assert.That(_app.List("vault\\odd"), Is.EquivalentTo(new[] { "a:b.txt", "CON", "dot." }.Select(WindowsNames.ToLocal)));
        Assert.That(_app.ReadAll("vault\\odd\\" + WindowsNames.ToLocal("a:b.txt")), Is.EqualTo("colon"u8.ToArray()));
        Assert.That(_app.ReadAll("vault\\odd\\" + WindowsNames.ToLocal("CON")), Is.EqualTo("device"u8.ToArray()));
        Assert.That(_app.ReadAll("vault\\odd\\" + WindowsNames.ToLocal("dot.")), Is.EqualTo("dot"u8.ToArray()));
    }

    [Test]
    public void AFileCreatedLocallyIsWrittenBack()
    {
        _app.WriteAll("vault\\docs\\new.txt", "fresh"u8.ToArray());
        _mount.Settle();
        Assert.That(_mount.Vault.ReadText("vault/docs/new.txt"), Is.EqualTo("fresh"));
    }

    [Test]
    public void ParallelReadsAndListingsAgreeWithTheVault()
    {
        var failures = new ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 40; i++)
            {
                var n = (i * 3 + t) % 8;
                try
                {
                    if (i % 4 == 0 && _app.List("vault\\many").Count != 8)
                    {
                        failures.Enqueue("a listing missed files");
                    }
                    else if (!_app.ReadAll($"vault\\many\\f{n}.bin").AsSpan().SequenceEqual(Content(n)))
                    {
                        failures.Enqueue($"f{n}.bin read other bytes");
                    }
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception.ToString());
                }
            }
        })).ToArray();
        Assert.That(Task.WaitAll(workers, TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(failures, Is.Empty);
    }

    private static byte[] Content(int i) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"file {i} line\n", 2000 + i * 500)));
}
