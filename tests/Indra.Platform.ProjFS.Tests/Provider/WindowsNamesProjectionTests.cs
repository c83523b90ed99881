using Indra.Platform.ProjFS.Provider;
using Indra.Platform.ProjFS.Tests.Support;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>Vault names Windows cannot hold are projected under their encoded local names (<see cref="WindowsNames"/>).</summary>
[TestFixture]
public sealed class WindowsNamesProjectionTests
{
    private static readonly string[] Odd = ["a:b.txt", "CON", "aux.txt", "x?", "trailing.", "trailing ", "back\\slash", "tab\there"];

    private MountedVault _mount = null!;

    [SetUp]
    public void SetUp()
    {
        _mount = new MountedVault();
        foreach (var name in Odd)
        {
            _mount.Vault.WriteFile("vault/odd/" + name, "content of " + name);
        }

        _mount.Vault.WriteFile("vault/odd/plain.txt", "plain");
        _mount.Vault.WriteFile("vault/odd/a\uF03Ab.txt", "a literal private-use colon");
        _mount.Vault.MakeDirectory("vault/odd/dir:ectory");
        _mount.Vault.WriteFile("vault/odd/dir:ectory/inner?.txt", "inner");
        _mount.Mount();
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void ListingsShowEncodedNamesInOrderAndNoIllegalOnes()
    {
        var names = _mount.Emulator.EnumerateDirectory("vault\\odd").Select(e => e.Name).ToList();
        var expected = Odd.Append("plain.txt").Append("a\uF03Ab.txt").Append("dir:ectory").Select(WindowsNames.ToLocal).ToList();
        Assert.That(names, Is.EquivalentTo(expected));
        Assert.That(names, Has.None.Matches<string>(n => n.Any(c => c < 32 || "<>:\"/\\|?*".Contains(c)) || n.EndsWith('.') || n.EndsWith(' ')));
        Assert.That(names, Does.Contain("a\uF07F\uF03Ab.txt"), "a vault name with a private-use character is marked, not mistaken for 'a:b.txt'");
        Assert.That(_mount.Emulator.Violations, Is.Empty, "entries arrive in PrjFileNameCompare order");
    }

    [TestCaseSource(nameof(Odd))]
    public void AnEncodedNameOpensTheVaultFile(string vaultName)
    {
        var local = "vault\\odd\\" + WindowsNames.ToLocal(vaultName);
        Assert.That(_mount.Emulator.ReadAll(local), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes("content of " + vaultName)));
        Assert.That(_mount.Emulator.GetItem(local)?.Version, Is.Not.Null, "the placeholder was laid down under the local name");
    }

    [Test]
    public void EncodedDirectoriesResolveAndAreCaseInsensitive()
    {
        var path = "vault\\ODD\\" + WindowsNames.ToLocal("DIR:ECTORY") + "\\" + WindowsNames.ToLocal("INNER?.TXT");
        Assert.That(_mount.Emulator.ReadAll(path), Is.EqualTo("inner"u8.ToArray()));
    }

    [Test]
    public void LocalNamesWithNoVaultFormAreNotFound()
    {
        Assert.That(_mount.Emulator.Exists("vault\\odd\\\uF061ux.txt"), Is.True, "the encoded form of aux.txt");
        Assert.That(_mount.Emulator.Exists("vault\\odd\\aux.txt"), Is.False, "Windows could not hold it; only the encoded name exists");
        Assert.That(_mount.Emulator.Exists("vault\\odd\\\uF070lain.txt"), Is.False, "an escape nothing needed names nothing");
        Assert.That(_mount.Emulator.Violations, Is.Empty, "the provider answered 'not found' rather than naming another placeholder");
    }
}
