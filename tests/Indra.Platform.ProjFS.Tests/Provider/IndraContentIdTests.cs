using System.Text;
using Indra.Platform.ProjFS.Api;
using Indra.Platform.ProjFS.Provider;

namespace Indra.Platform.ProjFS.Tests.Provider;

/// <summary>The placeholder version format and the small path policies.</summary>
[TestFixture]
public sealed class IndraContentIdTests
{
    [Test]
    public void ArtifactIdAndInodeRoundTrip()
    {
        var id = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var version = IndraContentId.ForArtifact(id, inode: 0x1122334455667788);
        Assert.That(version.ContentId.Take(32), Is.EqualTo(id), "the content id starts with the artifact id");
        Assert.That(version.ProviderId[0], Is.EqualTo(IndraContentId.FormatVersion));
        Assert.That(IndraContentId.TryRead(version, out var inode, out var readBack), Is.True);
        Assert.That(inode, Is.EqualTo(0x1122334455667788UL));
        Assert.That(readBack, Is.EqualTo(id));
    }

    [Test]
    public void GeneratedNodesChangeVersionWithTimeAndSize()
    {
        var a = IndraContentId.ForGenerated(9, 100, 5);
        var b = IndraContentId.ForGenerated(9, 101, 5);
        Assert.That(a.SameAs(b), Is.False);
        Assert.That(IndraContentId.TryRead(a, out var inode, out var artifact), Is.True);
        Assert.That(inode, Is.EqualTo(9UL));
        Assert.That(artifact, Is.Null);
    }

    [Test]
    public void ForeignVersionsAreNotRead() =>
        Assert.That(IndraContentId.TryRead(new PlaceholderVersion([9, 9], [1]), out _, out _), Is.False);

    [Test]
    public void ParsesHexAttributeValues()
    {
        var hex = new string('a', 62) + "0f";
        Assert.That(IndraContentId.TryParseArtifactId(Encoding.ASCII.GetBytes(hex + "\n"), out var id), Is.True);
        Assert.That(id[^1], Is.EqualTo(0x0f));
        Assert.That(IndraContentId.TryParseArtifactId(Encoding.ASCII.GetBytes(new string('z', 64)), out _), Is.False);
        Assert.That(IndraContentId.TryParseArtifactId(new byte[32], out var raw), Is.True);
        Assert.That(raw, Has.Length.EqualTo(32));
    }

    [TestCase("vault\\a.txt", true)]
    [TestCase("VAULT\\dir", true)]
    [TestCase("vault", false)]
    [TestCase("", false)]
    [TestCase("peers\\alice\\x", false)]
    [TestCase("realms\\r", false)]
    [TestCase(".indra\\attention.log", false)]
    [TestCase("stray.txt", false)]
    public void OnlyItemsInsideVaultAreWritable(string path, bool writable) =>
        Assert.That(WritableArea.IsWritable(path), Is.EqualTo(writable));

    [Test]
    public void PathHelpers()
    {
        Assert.That(ProjFsPath.ToVault("vault\\a\\b.txt"), Is.EqualTo("vault/a/b.txt"));
        Assert.That(ProjFsPath.FromVault("vault/a"), Is.EqualTo("vault\\a"));
        Assert.That(ProjFsPath.Parent("vault\\a\\b"), Is.EqualTo("vault\\a"));
        Assert.That(ProjFsPath.Name("vault\\a\\b"), Is.EqualTo("b"));
        Assert.That(ProjFsPath.IsSameOrUnder("Vault\\A\\b", "vault\\a"), Is.True);
        Assert.That(ProjFsPath.IsSameOrUnder("vault\\ab", "vault\\a"), Is.False);
        Assert.That(FileTimes.FromUnixNanoseconds(0), Is.Zero);
        Assert.That(FileTimes.FromUnixNanoseconds(1_000_000_000), Is.EqualTo(FileTimes.UnixEpochFileTime + 10_000_000));
    }
}
